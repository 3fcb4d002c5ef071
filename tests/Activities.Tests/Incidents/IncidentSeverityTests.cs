using Orchestrator.Activities.Incidents;

namespace Orchestrator.Activities.Tests.Incidents;

public sealed class IncidentSeverityTests
{
    [Theory]
    [InlineData("SEV1", "SEV1", "P1", 120.0)]
    [InlineData("p1", "SEV1", "P1", 120.0)]
    [InlineData("P2", "SEV2", "P2", 1440.0)]
    [InlineData("sev3", "SEV3", "P3", null)]
    [InlineData("P4", "SEV3", "P4", null)]
    public void TryParse_SeverityOrPriority_MapsBothWaysWithTheSeedsCadence(string text, string severity, string priority, double? cadenceMinutes)
    {
        IncidentSeverity.TryParse(text, out var s, out var p).ShouldBeTrue();

        (s, p).ShouldBe((severity, priority));
        IncidentSeverity.DefaultCadence(text)?.TotalMinutes.ShouldBe(cadenceMinutes!.Value);
        if (cadenceMinutes is null)
        {
            IncidentSeverity.DefaultCadence(text).ShouldBeNull();
        }
    }

    [Theory]
    [InlineData("SEV4")]
    [InlineData("P5")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Unknown_IsFalse(string? text) => IncidentSeverity.TryParse(text, out _, out _).ShouldBeFalse();
}
