using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Auth;

namespace Orchestrator.Tests.Api.Incidents;

public sealed class IncidentApiTests
{
    [Fact]
    public async Task Declare_ByIncidentCommander_StoresTheIncidentAndStartsEmergencyResponseCorrelatedByItsId()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);

        var declaration = IncidentHost.Declaration();
        declaration["severity"] = "p1";
        var incident = await IncidentHost.DeclareAsync(commander, declaration);

        incident["id"]!.GetValue<string>().ShouldBe("INC-1");
        incident["severity"]!.GetValue<string>().ShouldBe("SEV1");
        incident["priority"]!.GetValue<string>().ShouldBe("P1");
        incident["status"]!.GetValue<string>().ShouldBe("open");
        incident["workflowDefinitionId"]!.GetValue<string>().ShouldBe("emergency-response");
        var instanceId = incident["instanceId"]!.GetValue<string>();
        var instance = await host.Admin.GetJsonAsync($"/api/workflow-instances/{instanceId}");
        instance["correlationId"]!.GetValue<string>().ShouldBe("INC-1");
        instance["definitionId"]!.GetValue<string>().ShouldBe("emergency-response");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Suspended");

        var stored = await host.Admin.GetJsonAsync("/api/incidents/INC-1");
        stored["instanceId"]!.GetValue<string>().ShouldBe(instanceId);
        stored["stakeholders"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["person:sue"]);
        stored["notifications"]!.AsArray().ShouldContain(n => n!["personId"]!.GetValue<string>() == "max" && n["activityId"]!.GetValue<string>() == "alertManagement");
        (await host.Admin.GetJsonAsync("/api/incidents?status=open")).AsArray().Count.ShouldBe(1);
        (await host.Admin.GetJsonAsync("/api/incidents?status=closed")).AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Declare_SecurityKind_StartsTheSecurityIncidentWorkflow()
    {
        await using var host = await IncidentHost.StartAsync();

        var incident = await IncidentHost.DeclareAsync(host.Admin, IncidentHost.Declaration(kind: "security"));

        incident["workflowDefinitionId"]!.GetValue<string>().ShouldBe("security-incident");
        var instance = await host.Admin.GetJsonAsync($"/api/workflow-instances/{incident["instanceId"]!.GetValue<string>()}");
        instance["definitionId"]!.GetValue<string>().ShouldBe("security-incident");
        var tasks = (await host.Admin.GetJsonAsync("/api/tasks")).AsArray().Select(t => t!["title"]!.GetValue<string>()).ToList();
        tasks.ShouldContain("Contain the incident");
        tasks.ShouldContain("Confirm the scope of the incident");
    }

    [Fact]
    public async Task Declare_InvalidBody_Returns400NamingEachField()
    {
        await using var host = await IncidentHost.StartAsync();
        var declaration = new JsonObject
        {
            ["title"] = " ",
            ["severity"] = "SEV9",
            ["commanderId"] = "nobody",
            ["accountIds"] = new JsonArray("acme", ""),
            ["stakeholders"] = new JsonArray("person:sue", "pager:42"),
            ["kind"] = "physical",
            ["statusUpdateCadence"] = "often",
        };

        using var response = await host.Admin.PostJsonAsync("/api/incidents", declaration);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(
            ["title", "severity", "commanderId", "accountIds[1]", "stakeholders[1]", "kind", "statusUpdateCadence"], ignoreOrder: true);
        problem["errors"]!["commanderId"]![0]!.GetValue<string>().ShouldContain("nobody");
        (await host.Admin.GetJsonAsync("/api/incidents")).AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Csm)]
    [InlineData(Roles.Integration)]
    [InlineData(Roles.ProcessOwner)]
    public async Task DeclareAndUpdate_OtherRoles_Are403ButMayRead(string role)
    {
        await using var host = await IncidentHost.StartAsync();
        await IncidentHost.DeclareAsync(host.Admin, IncidentHost.Declaration());
        using var client = await host.Api.ClientWithRolesAsync(role);

        using var declared = await client.PostJsonAsync("/api/incidents", IncidentHost.Declaration("INC-2"));
        using var updated = await client.PostJsonAsync("/api/incidents/INC-1/updates", new { text = "still down" });
        using var resolved = await client.PostJsonAsync("/api/incidents/INC-1/resolve", new { text = "fixed" });
        using var closed = await client.PostJsonAsync("/api/incidents/INC-1/close", new { });

        await declared.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await updated.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await resolved.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await closed.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await client.GetJsonAsync("/api/incidents/INC-1"))["updates"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task PostUpdate_ToARunningIncident_IsRecordedDeliveredAndSentToStakeholders()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());
        await host.AtAsync(TimeSpan.FromMinutes(40));

        using var response = await commander.PostJsonAsync("/api/incidents/INC-1/updates", new { text = "Database failover in progress", statusPage = true, by = "ida" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("delivered");
        var incident = await host.Admin.GetJsonAsync("/api/incidents/INC-1");
        var update = incident["updates"]!.AsArray().ShouldHaveSingleItem()!;
        update["text"]!.GetValue<string>().ShouldBe("Database failover in progress");
        update["statusPage"]!.GetValue<bool>().ShouldBeTrue();
        update["by"]!.GetValue<string>().ShouldBe("ida");
        var sent = await host.OutboxAsync();
        sent.Where(m => m.ActivityId == "publishUpdate").Select(m => m.PersonId).ShouldBe(["ida", "sue", "max"], ignoreOrder: true);
        var journal = (await host.Admin.GetJsonAsync($"/api/workflow-instances/{incident["instanceId"]!.GetValue<string>()}/journal")).ToJsonString();
        journal.ShouldContain("status update 1 by ida (status page)");
    }

    [Fact]
    public async Task PostUpdate_EmptyText_Returns400NamingText()
    {
        await using var host = await IncidentHost.StartAsync();
        await IncidentHost.DeclareAsync(host.Admin, IncidentHost.Declaration());

        using var response = await host.Admin.PostJsonAsync("/api/incidents/INC-1/updates", new { text = "" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["text"].ShouldNotBeNull();
    }

    [Fact]
    public async Task ResolveThenClose_MoveTheIncidentAndItsRunToRecovery()
    {
        await using var host = await IncidentHost.StartAsync();
        await IncidentHost.DeclareAsync(host.Admin, IncidentHost.Declaration());

        using var resolved = await host.Admin.PostJsonAsync("/api/incidents/INC-1/resolve", new { text = "Failover complete" });
        await resolved.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await resolved.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("delivered");
        using var again = await host.Admin.PostJsonAsync("/api/incidents/INC-1/resolve", new { text = "twice" });
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var incident = await host.Admin.GetJsonAsync("/api/incidents/INC-1");
        incident["status"]!.GetValue<string>().ShouldBe("resolved");
        incident["resolvedAt"].ShouldNotBeNull();
        (await host.Admin.GetJsonAsync("/api/tasks")).AsArray().Select(t => t!["title"]!.GetValue<string>()).ShouldContain("Complete the service restoration");

        using var closed = await host.Admin.PostJsonAsync("/api/incidents/INC-1/close", new { text = "Review scheduled" });
        await closed.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await host.Admin.GetJsonAsync("/api/incidents/INC-1"))["status"]!.GetValue<string>().ShouldBe("closed");
        using var late = await host.Admin.PostJsonAsync("/api/incidents/INC-1/updates", new { text = "after closing" });
        await late.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task PostUpdate_UnknownIncident_Returns404()
    {
        await using var host = await IncidentHost.StartAsync();

        using var response = await host.Admin.PostJsonAsync("/api/incidents/INC-404/updates", new { text = "hello" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
