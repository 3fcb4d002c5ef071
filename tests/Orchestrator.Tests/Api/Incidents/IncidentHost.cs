using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Testing;

namespace Orchestrator.Tests.Api.Incidents;

/// <summary>
/// The host with the repository's shipped incident workflows loaded from a copy of them, the outbox dispatcher off
/// (messages stay in the outbox to be looked at), and people for the commander, a manager and L1/L3 responders.
/// </summary>
internal sealed class IncidentHost : IAsyncDisposable
{
    private readonly string _workflows = Directory.CreateTempSubdirectory("orchestrator-incidents-").FullName;

    private IncidentHost(int? smtpPort)
    {
        foreach (var file in new[] { "emergency-response.json", "security-incident.json" })
        {
            File.Copy(Path.Combine(RepositoryPaths.Root, "workflows", file), Path.Combine(_workflows, file));
        }

        Api = new ApiFactory(b =>
        {
            b.UseSetting("Orchestrator:WorkflowFolders:0", _workflows);
            b.UseSetting("Orchestrator:Outbox:Enabled", "false");
            if (smtpPort is { } port)
            {
                // The dispatcher stays off; a test sends what is due through it by hand, at the fake clock's time.
                b.UseSetting("Orchestrator:Smtp:Host", "127.0.0.1");
                b.UseSetting("Orchestrator:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                b.UseSetting("Orchestrator:Smtp:Tls", "None");
                b.UseSetting("Orchestrator:Smtp:From", "Incidents <incidents@clinic.example>");
                b.UseSetting("Orchestrator:Smtp:Timeout", "00:00:10");
            }
        });
    }

    public ApiFactory Api { get; }

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The host with its people; with <paramref name="smtpPort"/>, messages can be sent to that SMTP server.</summary>
    public static async Task<IncidentHost> StartAsync(int? smtpPort = null)
    {
        var host = new IncidentHost(smtpPort);
        host.Admin = host.Api.Client();
        await host.PersonAsync("ida", "Ida Commander", ["incident-commander"], tier: null);
        await host.PersonAsync("max", "Max Manager", ["manager"], tier: null);
        await host.PersonAsync("lee", "Lee Level1", ["support-agent"], tier: "L1");
        await host.PersonAsync("tan", "Tan Level3", ["support-engineer"], tier: "L3");
        await host.PersonAsync("sue", "Sue Stakeholder", ["executive"], tier: null);
        return host;
    }

    public async Task PersonAsync(string id, string name, string[] roles, string? tier)
    {
        using var response = await Admin.PutAsJsonAsync($"/api/people/{id}", new { name, email = $"{id}@clinic.example", roles, tier }, TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static JsonObject Declaration(string id = "INC-1", string severity = "SEV1", string kind = "operational") => new()
    {
        ["id"] = id,
        ["title"] = "Provider portal down",
        ["severity"] = severity,
        ["commanderId"] = "ida",
        ["accountIds"] = new JsonArray("acme"),
        ["stakeholders"] = new JsonArray("person:sue"),
        ["kind"] = kind,
    };

    public static async Task<JsonNode> DeclareAsync(HttpClient client, JsonObject declaration)
    {
        using var response = await client.PostJsonAsync("/api/incidents", declaration);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    /// <summary>Moves the fake clock to <paramref name="sinceStart"/> after the start and fires the timers due by then.</summary>
    public async Task AtAsync(TimeSpan sinceStart)
    {
        Api.Clock.SetUtcNow(Start + sinceStart);
        await Api.Services.GetRequiredService<WorkflowRuntime>().FireDueTimersAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The incident's run is suspended (waiting), not faulted; a fault's message is shown when it is.</summary>
    public async Task RunShouldBeWaitingAsync(string incidentId = "INC-1")
    {
        var incident = await Admin.GetJsonAsync($"/api/incidents/{incidentId}");
        var instance = await Admin.GetJsonAsync($"/api/workflow-instances/{incident["instanceId"]!.GetValue<string>()}");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Suspended", instance["incidents"]?.ToJsonString());
    }

    public static DateTimeOffset Start { get; } = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The outbox: (activity, person, template, created) per message.</summary>
    public async Task<List<(string ActivityId, string? PersonId, string? Template, DateTimeOffset At)>> OutboxAsync()
    {
        await using var context = Api.Services.GetRequiredService<Database>().CreateContext();
        var records = await context.Outbox.AsNoTracking().OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(TestContext.Current.CancellationToken);
        return [.. records.Select(r =>
        {
            var payload = JsonNode.Parse(r.Payload)!;
            return (r.ActivityId, payload["personId"]?.GetValue<string>(), payload["template"]?.GetValue<string>(), new DateTimeOffset(r.CreatedAt, TimeSpan.Zero));
        })];
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Api.DisposeAsync();
        Directory.Delete(_workflows, recursive: true);
    }
}
