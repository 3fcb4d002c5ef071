using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities.Accounts;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Activities.Tests.Accounts;

/// <summary>
/// <c>segmentCheckInAt</c> and <c>segmentReviewAt</c> called from a workflow's JavaScript expression (a WriteLine's text),
/// in an engine with the domain services as the host registers them.
/// </summary>
public sealed class SegmentCadenceFunctionsTests : IAsyncDisposable
{
    private readonly StringWriter _output = new();
    private readonly ServiceProvider _provider;
    private readonly WorkflowRuntime _runtime;

    public SegmentCadenceFunctionsTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)));
        services.AddSingleton(new StandardOutput(_output));
        services.AddEngine().AddActivitiesFrom(typeof(ActivitiesAssembly).Assembly);
        services.AddAccounts();
        _provider = services.BuildServiceProvider();
        _runtime = _provider.GetRequiredService<WorkflowRuntime>();
    }

    [Theory]
    [InlineData("Enterprise", 1)]
    [InlineData("Enterprise", 5)]
    [InlineData("Regional", 3)]
    [InlineData("Mid-market", 1)]
    [InlineData("Mid-market", 13)]
    [InlineData("Small", 1)]
    [InlineData("Small", 4)]
    public async Task SegmentCheckInAt_FromAWorkflowExpression_SameInstantAsSegmentPolicy(string segment, int n)
    {
        var kickoff = new DateTimeOffset(2026, 1, 31, 14, 15, 0, TimeSpan.Zero);
        var expected = SegmentPolicies.For(segment)!.CheckInAt(kickoff, n);

        var text = await WriteAsync($"segmentCheckInAt('{segment}', '2026-01-31T14:15:00.0000000+00:00', {n})");

        text.ShouldBe(Iso(expected));
    }

    [Theory]
    [InlineData("Enterprise", 1)]
    [InlineData("Regional", 1)]
    [InlineData("Mid-market", 3)]
    [InlineData("Small", 2)]
    public async Task SegmentReviewAt_FromAWorkflowExpression_SameInstantAsSegmentPolicy(string segment, int n)
    {
        var expected = SegmentPolicies.For(segment)!.ReviewAt(new DateOnly(2026, 8, 31), n);

        var text = await WriteAsync($"segmentReviewAt('{segment}', '2026-08-31', {n})");

        text.ShouldBe(Iso(expected));
    }

    [Fact]
    public async Task SegmentCheckInAt_MonthEndKickoff_ClampsAndAnswersAnIsoUtcString()
    {
        (await WriteAsync("segmentCheckInAt('Mid-market', '2026-01-31T14:15:00Z', 1)")).ShouldBe("2026-02-28T14:15:00.000Z");
        (await WriteAsync("segmentCheckInAt('Enterprise', '2026-01-31T14:15:00Z', 1)")).ShouldBe("2026-02-07T14:15:00.000Z");
    }

    [Fact]
    public async Task SegmentFunctions_DateArguments_ReadLikeTheirIsoText()
    {
        (await WriteAsync("segmentCheckInAt('Small', new Date(Date.UTC(2026, 10, 30, 8, 0)), 1)")).ShouldBe("2027-02-28T08:00:00.000Z");
        (await WriteAsync("segmentReviewAt('Regional', new Date(Date.UTC(2026, 10, 30)), 1)")).ShouldBe("2027-02-28T09:00:00.000Z");
    }

    [Fact]
    public async Task SegmentCheckInAt_UnknownSegment_ThrowsATypeErrorTheScriptCanCatch()
    {
        var text = await WriteAsync("(function () { try { return segmentCheckInAt('Huge', '2026-01-05T09:00:00Z', 1); } catch (e) { return e.name + ' / ' + e.message; } })()");

        text.ShouldBe("TypeError / segmentCheckInAt: segment must be one of Enterprise, Regional, Mid-market, Small, got 'Huge'");
    }

    [Theory]
    [InlineData("segmentReviewAt('Tiny', '2026-01-05', 1)", "segmentReviewAt: segment must be one of Enterprise, Regional, Mid-market, Small, got 'Tiny'")]
    [InlineData("segmentReviewAt(undefined, '2026-01-05', 1)", "segmentReviewAt: segment must be one of Enterprise, Regional, Mid-market, Small, got nothing")]
    [InlineData("segmentCheckInAt('Small', 'next week', 1)", "segmentCheckInAt: kickoff must be a Date or an ISO 8601 date and time (2026-01-05T09:00:00Z), got 'next week'")]
    [InlineData("segmentReviewAt('Small', '2026-01-05T09:00:00Z', 1)", "segmentReviewAt: contractStart must be a Date or a date as yyyy-MM-dd (2026-01-15), got '2026-01-05T09:00:00Z'")]
    [InlineData("segmentReviewAt('Small', '2026-01-05', 1.5)", "segmentReviewAt: n must be a whole number of 0 or more, got 1.5")]
    [InlineData("segmentCheckInAt('Small', '2026-01-05T09:00:00Z', -1)", "segmentCheckInAt: n must be a whole number of 0 or more, got -1")]
    [InlineData("segmentCheckInAt('Small', '2026-01-05T09:00:00Z')", "segmentCheckInAt: n must be a whole number of 0 or more, got nothing")]
    [InlineData("segmentReviewAt('Small', '2026-01-05', 9000)", "segmentReviewAt: n must keep the date within year 9999, got 9000")]
    public async Task SegmentFunctions_BadArgument_FaultTheRunNamingTheFunctionAndTheArgument(string script, string message)
    {
        var instance = await StartAsync(script);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.ShouldHaveSingleItem().Message.ShouldContain($"TypeError: {message}");
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _output.DisposeAsync();
    }

    private static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task<string> WriteAsync(string script)
    {
        var before = _output.GetStringBuilder().Length;
        var instance = await StartAsync(script);
        instance.Incidents.ShouldBeEmpty();
        return _output.ToString()[before..].TrimEnd('\r', '\n');
    }

    private async Task<WorkflowInstance> StartAsync(string script)
    {
        var definition = new JsonObject
        {
            ["id"] = $"test-{Guid.NewGuid():N}",
            ["definitionId"] = $"cadence-{Guid.NewGuid():N}",
            ["name"] = "cadence",
            ["root"] = new JsonObject
            {
                ["id"] = "write",
                ["type"] = "Elsa.WriteLine",
                ["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script } },
            },
        };
        var imported = await _runtime.ImportAsync(WorkflowDefinitionReader.Read(definition.ToJsonString()), publish: true, TestContext.Current.CancellationToken);
        var result = await _runtime.StartAsync(imported, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        return await _runtime.Instances.FindAsync(result.Instance.Id, TestContext.Current.CancellationToken) ?? result.Instance;
    }
}
