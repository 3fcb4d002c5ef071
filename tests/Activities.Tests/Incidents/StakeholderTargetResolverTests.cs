using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Incidents;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Tests.Incidents;

public sealed class StakeholderTargetResolverTests
{
    private static async Task<ServiceProvider> ServicesAsync()
    {
        var services = new ServiceCollection().AddDirectory().AddIncidents().BuildServiceProvider();
        var documents = services.GetRequiredService<IDocumentStore>();
        var ct = TestContext.Current.CancellationToken;
        foreach (var person in new[]
        {
            new Person { Id = "ida", Name = "Ida", Email = "ida@example.com" },
            new Person { Id = "sue", Name = "Sue", Email = "sue@example.com" },
            new Person { Id = "max", Name = "Max", Email = "max@example.com", Roles = ["manager"] },
        })
        {
            await documents.PutAsync(PersonDocuments.Kind, person.Id, PersonDocuments.ToBody(person), cancellationToken: ct);
        }

        var incident = new DeclaredIncident
        {
            Id = "INC-1",
            Title = "Outage",
            Severity = "SEV1",
            Priority = "P1",
            CommanderId = "ida",
            Stakeholders = ["person:sue", "role:manager", "person:ida", "stakeholders", "email:board@example.com"],
        };
        await documents.PutAsync(IncidentDocuments.Kind, incident.Id, IncidentDocuments.ToBody(incident), cancellationToken: ct);
        return services;
    }

    [Fact]
    public async Task Resolve_IncidentInContext_NamesTheCommanderThenEachStakeholderOnce()
    {
        await using var services = await ServicesAsync();
        var resolver = services.GetRequiredService<IRecipientResolver>();

        var people = await resolver.ResolveAsync(NotificationTarget.Parse("stakeholders"), new RecipientContext(DateTimeOffset.UnixEpoch, IncidentId: "INC-1"), TestContext.Current.CancellationToken);

        people.Select(p => p.Id).ShouldBe(["ida", "sue", "max", "email:board@example.com"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("INC-404")]
    public async Task Resolve_NoOrUnknownIncident_NamesNobody(string? incidentId)
    {
        await using var services = await ServicesAsync();
        var resolver = services.GetRequiredService<IRecipientResolver>();

        var people = await resolver.ResolveAsync(NotificationTarget.Parse("stakeholders"), new RecipientContext(DateTimeOffset.UnixEpoch, IncidentId: incidentId), TestContext.Current.CancellationToken);

        people.ShouldBeEmpty();
    }
}
