using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Runtime;

/// <summary>Moving a suspended instance to another version: a dry run lists what would break; a move continues on the new version.</summary>
public sealed class WorkflowMigrationTests
{
    [Fact]
    public async Task Migrate_CompatibleVersion_ResumesOnNewVersion()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(Version(1, "v1 after"));
        var instance = await harness.RunAsync((await harness.Runtime.Definitions.FindPublishedAsync("flow", TestContext.Current.CancellationToken))!);
        await harness.ImportAsync(Version(2, "v2 after", extraVariable: true));

        var plan = await harness.Runtime.MigrateAsync(instance.Id, 2, dryRun: false, TestContext.Current.CancellationToken);
        await harness.Runtime.PublishEventAsync("go", null, null, TestContext.Current.CancellationToken);

        plan.CanMigrate.ShouldBeTrue();
        plan.Problems.ShouldBeEmpty();
        var moved = (await harness.Runtime.Instances.FindAsync(instance.Id, TestContext.Current.CancellationToken))!;
        moved.Version.ShouldBe(2);
        moved.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["before", "v2 after"]);
        moved.GetVariables()["Added"].ShouldBe("fresh");
    }

    [Fact]
    public async Task Migrate_DryRunToVersionWithoutTheWaitingActivity_ListsProblemAndChangesNothing()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(Version(1, "v1 after"));
        var instance = await harness.RunAsync((await harness.Runtime.Definitions.FindPublishedAsync("flow", TestContext.Current.CancellationToken))!);
        await harness.ImportAsync(Wf.Definition(Wf.Flowchart([Wf.WriteLine("start", "before")]), name: "flow").Replace("\"version\":1", "\"version\":3", StringComparison.Ordinal));

        var dryRun = await harness.Runtime.MigrateAsync(instance.Id, 3, dryRun: true, TestContext.Current.CancellationToken);
        var attempt = await harness.Runtime.MigrateAsync(instance.Id, 3, dryRun: false, TestContext.Current.CancellationToken);

        dryRun.CanMigrate.ShouldBeFalse();
        dryRun.Problems.ShouldContain(p => p.ActivityId == "wait" && p.Message.Contains("version 3 has no activity at 'Flowchart1:wait'", StringComparison.Ordinal));
        attempt.CanMigrate.ShouldBeFalse();
        (await harness.Runtime.Instances.FindAsync(instance.Id, TestContext.Current.CancellationToken))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Migrate_DroppedVariable_IsAWarningNotAnError()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(Version(1, "v1 after", extraVariable: true));
        var instance = await harness.RunAsync((await harness.Runtime.Definitions.FindPublishedAsync("flow", TestContext.Current.CancellationToken))!);
        await harness.ImportAsync(Version(2, "v2 after"));

        var plan = await harness.Runtime.MigrateAsync(instance.Id, 2, dryRun: true, TestContext.Current.CancellationToken);

        plan.CanMigrate.ShouldBeTrue();
        plan.Problems.ShouldHaveSingleItem().ShouldSatisfyAllConditions(p => p.IsError.ShouldBeFalse(), p => p.Message.ShouldContain("'Added'"));
    }

    private static string Version(int version, string after, bool extraVariable = false) =>
        Wf.Definition(
            Wf.Flowchart(
                [Wf.WriteLine("start", "before"), Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("go"))), Wf.WriteLine("end", after)],
                [("start", "Done", "wait"), ("wait", "Done", "end")]),
            variables: extraVariable ? [Wf.Variable("Added", "String", "fresh")] : null,
            name: "flow").Replace("\"version\":1", $"\"version\":{version}", StringComparison.Ordinal);
}
