using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Notifications;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Webhooks;
using Orchestrator.Webhooks;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// A host with signed webhooks, the outbox kept (not dispatched) so the tests read what was queued, a shipped
/// definition published through the API, and the support team created through the API.
/// </summary>
internal sealed class ShippedScenario : IAsyncDisposable
{
    public const string Customer = "9001";

    private ShippedScenario(ApiFactory api)
    {
        Api = api;
        Admin = api.Client();
        Anonymous = api.Client(apiKey: null);
    }

    public ApiFactory Api { get; }

    public HttpClient Admin { get; }

    public HttpClient Anonymous { get; }

    public DateTimeOffset Now => Api.Clock.GetUtcNow();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ShippedScenario> StartAsync(string definitionFile)
    {
        var api = new ApiFactory(builder =>
        {
            foreach (var (key, value) in WebhookSigner.Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Orchestrator:Outbox:Enabled", "false");
        });
        var scenario = new ShippedScenario(api);
        var definition = await File.ReadAllTextAsync(ShippedFile(definitionFile), Ct);
        using (var saved = await scenario.Admin.PostRawAsync("/api/workflow-definitions?publish=true", definition))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        await scenario.PersonAsync("lee", new { name = "Lee (L1)", email = "lee@support.example", tier = "L1", roles = new[] { "support-agent" }, urgentChannels = new[] { "email" } });
        await scenario.PersonAsync("ann", new { name = "Ann (L2)", email = "ann@support.example", tier = "L2", roles = new[] { "support-agent" }, urgentChannels = new[] { "email" } });
        await scenario.PersonAsync("max", new { name = "Max (manager)", email = "max@support.example", roles = new[] { "support-manager" }, urgentChannels = new[] { "email" } });
        await scenario.PersonAsync(Customer, new { name = "Dana at Acme Health", email = "dana@acme-health.example" });
        using var rotation = await scenario.Admin.PostJsonAsync("/api/rotations", new
        {
            id = "l1-on-call",
            timeZone = "UTC",
            layers = new[] { new { name = "base", members = new[] { "lee" }, length = "weekly", start = "2026-11-01", handoffTime = "00:00" } },
        });
        await rotation.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return scenario;
    }

    /// <summary>The repository's copy of a shipped definition (the file the host imports at start).</summary>
    public static string ShippedFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
            {
                return Path.Combine(directory.FullName, relativePath);
            }
        }

        throw new InvalidOperationException("the repository root (Orchestrator.sln) was not found above " + AppContext.BaseDirectory);
    }

    public async Task PersonAsync(string id, object person)
    {
        using var response = await Admin.PutAsJsonAsync($"/api/people/{id}", person, Ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    /// <summary>Sends a signed Zendesk delivery and waits until it has reached the workflows.</summary>
    public async Task<string> ZendeskAsync(string body)
    {
        using var response = await Anonymous.SendAsync(WebhookSigner.Zendesk(body, Now), Ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var status = (await response.ReadJsonAsync())["events"]![0]!["status"]!.GetValue<string>();
        await IdleAsync();
        return status;
    }

    public Task IdleAsync() =>
        Api.Services.GetRequiredService<TicketEventDelivery>().WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

    /// <summary>Moves the clock to <paramref name="at"/> and fires every timer due by then, as the scheduler would.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        Api.Clock.SetUtcNow(at);
        var runtime = Api.Services.GetRequiredService<WorkflowRuntime>();
        for (var round = 0; round < 20 && (await runtime.FireDueTimersAsync(Ct)).Count > 0; round++)
        {
        }
    }

    /// <summary>The emails queued in the outbox, oldest first.</summary>
    public async Task<List<EmailPayload>> EmailsAsync()
    {
        await using var context = Api.Services.GetRequiredService<Database>().CreateContext();
        var rows = await context.Outbox.AsNoTracking().Where(o => o.Channel == NotificationChannels.Email).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(Ct);
        return [.. rows.Select(r => OutboxPayloads.ReadEmail(r.Payload))];
    }

    /// <summary>Subjects of the emails to one address.</summary>
    public async Task<List<string>> SubjectsToAsync(string address) =>
        [.. (await EmailsAsync()).Where(e => e.To.Contains(address)).Select(e => e.Subject)];

    public async Task<JsonArray> InstancesAsync(string definitionId) => await Admin.InstancesOfAsync(definitionId);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        await Api.DisposeAsync();
    }
}
