using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Testing;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// The host with the shipped playbooks loaded from a copy of <c>playbooks/</c>, a customer-success team in the directory
/// and a clock the test moves: playbook scenarios run days and months of workflow time through the HTTP API.
/// </summary>
internal sealed class PlaybookHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Kickoff = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _playbooks = Directory.CreateTempSubdirectory("orchestrator-playbooks-").FullName;

    private PlaybookHost(Action<IWebHostBuilder>? configure, bool onLoopback)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "playbooks"), "*.json"))
        {
            File.Copy(file, Path.Combine(_playbooks, Path.GetFileName(file)));
        }

        Api = new ApiFactory(b =>
        {
            b.UseSetting("Orchestrator:WorkflowFolders:0", _playbooks);
            configure?.Invoke(b);
        });
        if (onLoopback)
        {
            Api.UseKestrel(0);
            Api.StartServer();
        }

        Admin = Api.Client();
    }

    public ApiFactory Api { get; }

    public HttpClient Admin { get; }

    /// <summary>
    /// Starts the host; <paramref name="configure"/> adds settings (a bootstrap admin for browser tests), and
    /// <paramref name="onLoopback"/> serves it on a loopback port for a browser.
    /// </summary>
    public static async Task<PlaybookHost> StartAsync(Action<IWebHostBuilder>? configure = null, bool onLoopback = false)
    {
        var host = new PlaybookHost(configure, onLoopback);
        var documents = host.Api.Services.GetRequiredService<IDocumentStore>();
        foreach (var person in new[]
        {
            new Person { Id = "alice", Name = "Alice CSM", Email = "alice@vendor.example", Roles = ["csm"], ManagerId = "maria" },
            new Person { Id = "maria", Name = "Maria Head of CS", Email = "maria@vendor.example", Roles = ["manager"] },
            new Person { Id = "ian", Name = "Ian Engineer", Email = "ian@vendor.example", Roles = ["implementation-engineer"], ManagerId = "maria" },
            new Person { Id = "tina", Name = "Tina Trainer", Email = "tina@vendor.example", Roles = ["trainer"] },
            new Person { Id = "carl", Name = "Carl Admin", Email = "carl@mercy.example", Roles = ["customer-admin"] },
        })
        {
            await documents.PutAsync(PersonDocuments.Kind, person.Id, PersonDocuments.ToBody(person), cancellationToken: TestContext.Current.CancellationToken);
        }

        return host;
    }

    /// <summary>Creates an account through the API with the team above in its roles.</summary>
    public async Task CreateAccountAsync(string id, string segment, string? contractStart = null)
    {
        using var response = await Admin.PostJsonAsync("/api/accounts", new
        {
            id,
            customer = $"{id} Health",
            segment,
            region = "Europe",
            contractStart,
            roles = new Dictionary<string, string>
            {
                ["csm"] = "alice",
                ["implementation-engineer"] = "ian",
                ["trainer"] = "tina",
                ["customer-admin"] = "carl",
            },
        });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    public async Task<JsonNode> StartPlaybookAsync(string accountId, string playbook, object? body, HttpStatusCode expected)
    {
        using var response = await Admin.PostJsonAsync($"/api/accounts/{accountId}/playbooks/{playbook}", body ?? new { });
        await response.ShouldHaveStatusAsync(expected);
        return await response.ReadJsonAsync();
    }

    public async Task<JsonObject[]> TasksAsync(string accountId) =>
        [.. (await Admin.GetJsonAsync($"/api/tasks?accountId={accountId}&limit=500")).AsArray().Select(t => t!.AsObject())];

    /// <summary>
    /// Moves the clock to <paramref name="until"/> from one due timer to the next, firing each as it falls due (timers set
    /// by a firing fire too), as the scheduler's alarms would.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset until)
    {
        var runtime = Api.Services.GetRequiredService<WorkflowRuntime>();
        var database = Api.Services.GetRequiredService<Database>();
        while (true)
        {
            while ((await runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).Count > 0)
            {
            }

            var now = Api.Clock.GetUtcNow();
            if (now >= until)
            {
                return;
            }

            long? next;
            await using (var context = database.CreateContext())
            {
                next = await context.Bookmarks.AsNoTracking().Where(b => b.DueAt != null).MinAsync(b => b.DueAt, TestContext.Current.CancellationToken);
            }

            var due = next is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : until;
            Api.Clock.SetUtcNow(due > now && due < until ? due : until);
        }
    }

    /// <summary>The emails queued in the outbox for an address, with the activity that queued each.</summary>
    public async Task<List<(string ActivityId, EmailPayload Email)>> EmailsToAsync(string address)
    {
        await using var context = Api.Services.GetRequiredService<Database>().CreateContext();
        var rows = await context.Outbox.AsNoTracking().Where(o => o.Channel == NotificationChannels.Email).ToListAsync(TestContext.Current.CancellationToken);
        return [.. rows
            .Select(r => (r.ActivityId, Email: OutboxPayloads.ReadEmail(r.Payload)))
            .Where(r => r.Email.To.Contains(address, StringComparer.OrdinalIgnoreCase))];
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Api.DisposeAsync();
        Directory.Delete(_playbooks, recursive: true);
    }
}
