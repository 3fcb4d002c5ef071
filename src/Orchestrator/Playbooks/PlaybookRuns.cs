using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Playbooks;

/// <summary>
/// One playbook run of an account for a period, kept as a <c>playbook-run</c> document whose id is the dedupe key
/// <c>account:playbook:period</c>. The document is written before the run starts, so it is the one thing two concurrent
/// starts race on: the loser finds the winner's run.
/// </summary>
internal sealed record PlaybookRun(
    string AccountId,
    string Playbook,
    string Period,
    string InstanceId,
    DateTimeOffset ReservedAt,
    string? StartedBy,
    DateTimeOffset KickoffDate,
    DateOnly? ContractStart)
{
    public const string Kind = "playbook-run";

    public static string KeyOf(string accountId, string playbook, string period) => $"{accountId}:{playbook}:{period}";
}

/// <summary>What a start asks for beyond the account and the playbook.</summary>
internal sealed record PlaybookStart(DateTimeOffset? KickoffDate, DateOnly? ContractStart, string? Period, string? StartedBy);

/// <summary>
/// How a start went: the run (new or the one already there for the period), or why there is none: no such published
/// playbook, or a field that is wrong.
/// </summary>
internal sealed record PlaybookStartResult(PlaybookRun? Run, bool Started, bool UnknownPlaybook = false, string? Field = null, string? Problem = null)
{
    public static PlaybookStartResult Invalid(string field, string problem) => new(null, false, Field: field, Problem: problem);
}

/// <summary>
/// Starts playbooks for accounts at most once per account, playbook and period. The workflow gets the account's facts as
/// input (<c>AccountId</c>, <c>Segment</c>, <c>CalendarId</c>, <c>KickoffDate</c>, <c>ContractStart</c>, ...) and
/// keeps its own schedule with durable timers, so nothing outside the run has to remember when the next QBR is.
/// </summary>
internal sealed class PlaybookRuns(IDocumentStore documents, WorkflowRuntime runtime, TimeProvider time) : IDisposable
{
    /// <summary>A reservation whose run has not appeared after this long was left by a start that died; the next start finishes it.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Starts are rare; one gate per process keeps a reservation and its run's first commit together here, and the
    // revision-checked reservation keeps processes apart.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // A run started under the gate may itself start a playbook in its first burst (Orchestrator.StartPlaybook); that
    // start is already inside the gate, and waiting for it again would wait for ever.
    private static readonly AsyncLocal<bool> InsideGate = new();

    public async Task<PlaybookStartResult> StartAsync(Account account, string playbook, PlaybookStart start, CancellationToken cancellationToken)
    {
        var definition = await runtime.Definitions.FindPublishedAsync(playbook, cancellationToken);
        if (definition is null)
        {
            return new PlaybookStartResult(null, false, UnknownPlaybook: true, Problem: $"no published playbook '{playbook}'");
        }

        var now = time.GetUtcNow();
        var kickoff = start.KickoffDate ?? now;
        var contractStart = start.ContractStart ?? account.ContractStart;
        if (contractStart is null && definition.Inputs.Any(i => string.Equals(i.Name, "ContractStart", StringComparison.OrdinalIgnoreCase)))
        {
            return PlaybookStartResult.Invalid("contractStart", $"playbook '{playbook}' counts from the contract start, and account '{account.Id}' has none; set it on the account or give contractStart");
        }

        var calendarId = await CalendarOfAsync(account, cancellationToken);
        if (calendarId is null)
        {
            return PlaybookStartResult.Invalid("calendarId", $"account '{account.Id}' has no calendarId and no calendar is named after its region '{account.Region}'; playbook due dates count business days on it");
        }

        var period = start.Period?.Trim() is { Length: > 0 } given
            ? given
            : DefaultPeriod(definition, kickoff, contractStart);
        if (period.Length > 64 || period.Contains(':', StringComparison.Ordinal))
        {
            return PlaybookStartResult.Invalid("period", $"'{period}' is not a period: at most 64 characters, no ':'");
        }

        var key = PlaybookRun.KeyOf(account.Id, playbook, period);
        var nested = InsideGate.Value;
        if (!nested)
        {
            await _gate.WaitAsync(cancellationToken);
        }

        InsideGate.Value = true;
        try
        {
            while (true)
            {
                if (await documents.GetAsync(PlaybookRun.Kind, key, cancellationToken) is { } existing)
                {
                    var run = existing.Body.Deserialize<PlaybookRun>(Json)!;
                    if (await runtime.Instances.FindAsync(run.InstanceId, cancellationToken) is not null || now - run.ReservedAt < AbandonedAfter)
                    {
                        return new PlaybookStartResult(run, false);
                    }

                    await StartRunAsync(definition, account, run, calendarId);
                    return new PlaybookStartResult(run, true);
                }

                var reserved = new PlaybookRun(account.Id, playbook, period, Guid.CreateVersion7(now).ToString("N"), now, start.StartedBy, kickoff, contractStart);
                try
                {
                    await documents.PutAsync(PlaybookRun.Kind, key, (JsonObject)JsonSerializer.SerializeToNode(reserved, Json)!, expectedRevision: 0, cancellationToken);
                }
                catch (DocumentConflictException)
                {
                    continue; // another process reserved it first: its run is the run
                }

                await StartRunAsync(definition, account, reserved, calendarId);
                return new PlaybookStartResult(reserved, true);
            }
        }
        finally
        {
            InsideGate.Value = nested;
            if (!nested)
            {
                _gate.Release();
            }
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The runs started for an account, newest first.</summary>
    public async Task<IReadOnlyList<PlaybookRun>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var all = await documents.ListAsync(PlaybookRun.Kind, cancellationToken);
        return [.. all
            .Where(d => d.Id.StartsWith(accountId + ":", StringComparison.Ordinal))
            .Select(d => d.Body.Deserialize<PlaybookRun>(Json)!)
            .Where(r => r.AccountId == accountId)
            .OrderByDescending(r => r.ReservedAt)];
    }

    /// <summary>
    /// A playbook that counts from the contract start runs once per contract (its period is the start date); any other
    /// runs once per kickoff date.
    /// </summary>
    private static string DefaultPeriod(WorkflowDefinition definition, DateTimeOffset kickoff, DateOnly? contractStart) =>
        contractStart is { } contract && definition.Inputs.Any(i => string.Equals(i.Name, "ContractStart", StringComparison.OrdinalIgnoreCase))
            ? contract.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : kickoff.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async ValueTask<string?> CalendarOfAsync(Account account, CancellationToken cancellationToken)
    {
        if (account.CalendarId is { } calendarId)
        {
            return calendarId;
        }

        var byRegion = account.Region?.Trim().ToLowerInvariant();
        if (byRegion is { Length: > 0 } && await documents.GetAsync(Activities.Sla.CalendarStore.Kind, byRegion, cancellationToken) is not null)
        {
            return byRegion;
        }

        return null;
    }

    private async Task StartRunAsync(WorkflowDefinition definition, Account account, PlaybookRun run, string calendarId)
    {
        var input = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AccountId"] = account.Id,
            ["Customer"] = account.Customer,
            ["Segment"] = account.Segment,
            ["Region"] = account.Region,
            ["Locale"] = account.Locale,
            ["CalendarId"] = calendarId,
            ["KickoffDate"] = run.KickoffDate.ToString("O", CultureInfo.InvariantCulture),
            ["ContractStart"] = run.ContractStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Period"] = run.Period,
        };

        // Once begun, the first burst is finished and committed whether or not the caller still listens.
        await runtime.StartAsync(definition, new StartWorkflowRequest { InstanceId = run.InstanceId, Input = input, CorrelationId = account.Id }, CancellationToken.None);
    }
}

internal static class PlaybooksServiceCollectionExtensions
{
    public static IServiceCollection AddPlaybooks(this IServiceCollection services)
    {
        services.AddAccounts();
        services.AddSingleton<PlaybookRuns>();
        return services;
    }
}
