using System.Net;

namespace Orchestrator.Tests.Api.Instances;

/// <summary><c>POST /api/workflow-instances/{id}/migrate</c>: a dry run lists what would break; a move continues on the new version.</summary>
public sealed class MigrateInstanceTests
{
    [Fact]
    public async Task Migrate_DryRunThenMove_InstanceFinishesOnNewVersion()
    {
        using var factory = new ApiFactory();
        using var client = factory.Client();
        await client.SaveAsync(Flows.Chain("ticket", "Ticket", [Flows.Event("wait", "resolved"), Flows.WriteLine("say", "v1 closes")]), publish: true);
        var instanceId = (await client.StartRunAsync("ticket"))["id"]!.GetValue<string>();
        await client.SaveAsync(Flows.Chain("ticket", "Ticket", [Flows.Event("wait", "resolved"), Flows.WriteLine("say", "v2 closes")]), publish: true);

        var dryRun = await (await client.PostJsonAsync($"/api/workflow-instances/{instanceId}/migrate", new { version = 2, dryRun = true })).ReadJsonAsync();
        var stillOnV1 = await client.GetJsonAsync($"/api/workflow-instances/{instanceId}");
        var moved = await (await client.PostJsonAsync($"/api/workflow-instances/{instanceId}/migrate", new { version = 2 })).ReadJsonAsync();
        await client.PostJsonAsync("/api/events/resolved", new { });

        dryRun["canMigrate"]!.GetValue<bool>().ShouldBeTrue();
        dryRun["migrated"]!.GetValue<bool>().ShouldBeFalse();
        stillOnV1["version"]!.GetValue<int>().ShouldBe(1);
        moved["migrated"]!.GetValue<bool>().ShouldBeTrue();
        factory.Lines.ShouldBe(["v2 closes"]);
        var journal = (await client.GetJsonAsync($"/api/workflow-instances/{instanceId}/journal")).ToJsonString();
        journal.ShouldContain("moved from version 1 to version 2");
    }

    [Fact]
    public async Task Migrate_ToVersionWithoutTheWaitingActivity_Is409NamingIt()
    {
        using var factory = new ApiFactory();
        using var client = factory.Client();
        await client.SaveAsync(Flows.Chain("ticket", "Ticket", [Flows.Event("wait", "resolved"), Flows.WriteLine("say", "v1")]), publish: true);
        var instanceId = (await client.StartRunAsync("ticket"))["id"]!.GetValue<string>();
        await client.SaveAsync(Flows.Chain("ticket", "Ticket", [Flows.WriteLine("say", "v2")]), publish: true);

        var response = await client.PostJsonAsync($"/api/workflow-instances/{instanceId}/migrate", new { version = 2 });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadJsonAsync())["detail"]!.GetValue<string>().ShouldContain("activity 'wait' (Elsa.Event) is waiting");
    }

    [Fact]
    public async Task Migrate_AsCsm_IsForbidden()
    {
        using var factory = new ApiFactory();
        using var csm = await factory.ClientWithRolesAsync("csm");

        var response = await csm.PostJsonAsync("/api/workflow-instances/whatever/migrate", new { version = 2 });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
