using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Activities.Tasks;
using Orchestrator.Auth;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Runtime;
using Orchestrator.Playbooks;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Accounts;

/// <summary>A task of a phase as the progress view shows it; a planned task (not assigned yet) has no id and status <c>planned</c>.</summary>
internal sealed record ProgressTask(
    string? Id,
    string ActivityId,
    string Title,
    string? OwnerPersonId,
    string? OwnerName,
    string? OwnerRole,
    DateTimeOffset? DueAt,
    string Status,
    DateTimeOffset? CompletedAt);

/// <summary>A phase gate: the milestone its tasks name, and whether (and when) every one of them ended.</summary>
internal sealed record ProgressGate(string Milestone, bool Met, DateTimeOffset? MetAt);

/// <summary>
/// One phase of a run: <c>planned</c> while none of its tasks is assigned, <c>active</c>, or <c>done</c> once its gate is met
/// (a phase without a gate is done when the run has finished). It spans from its opening (the earliest task creation or due
/// time) to the latest of its due times and its gate.
/// </summary>
internal sealed record ProgressPhase(string Name, string Status, DateTimeOffset? Start, DateTimeOffset? End, ProgressGate? Gate, IReadOnlyList<ProgressTask> Tasks);

/// <summary>Task counts of a run by status, planned ones included.</summary>
internal sealed record ProgressCounts(int Open, int Overdue, int Completed, int Cancelled, int Expired, int Planned)
{
    public int Total => Open + Overdue + Completed + Cancelled + Expired + Planned;
}

internal sealed record RunProgress(
    string InstanceId,
    string Playbook,
    string PlaybookName,
    string Period,
    string Status,
    DateTimeOffset KickoffDate,
    DateOnly? ContractStart,
    DateTimeOffset ReservedAt,
    string? StartedBy,
    int PercentDone,
    ProgressCounts Counts,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    IReadOnlyList<ProgressPhase> Phases);

/// <summary>A published playbook that can be started for an account, and the date it counts from.</summary>
internal sealed record StartablePlaybook(string Id, string Name, string CountsFrom);

internal sealed record AccountProgress(string AccountId, string Customer, DateTimeOffset AsOf, IReadOnlyList<StartablePlaybook> Playbooks, IReadOnlyList<RunProgress> Runs);

/// <summary>
/// <c>GET /api/accounts/{id}/progress</c>: every playbook run of the account, phase by phase, with each phase's tasks (owner,
/// due date, status), its span and its gate, and the share of the run's tasks that are done. Phases come in the order the
/// playbook declares them; those not reached yet are listed with their tasks as planned, due dates estimated from the
/// kickoff on the run's calendar. <c>asOf</c> is the server's clock, so a chart draws "today" where the runs see it.
/// </summary>
internal static class GetAccountProgress
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}/progress", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Gets the progress of the account's playbook runs, per phase");

    public static async Task<Results<Ok<AccountProgress>, ProblemHttpResult>> HandleAsync(
        string id, IDocumentStore documents, PlaybookRuns runs, ITaskStore tasks, WorkflowRuntime runtime, IBusinessTime businessTime, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await documents.GetAccountAsync(id, cancellationToken) is not { } account)
        {
            return ApiProblems.NotFound($"no account '{id}'");
        }

        var accountTasks = await tasks.ListAsync(new TaskQuery(AccountId: id, Limit: 10_000), cancellationToken);
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        async ValueTask<string?> NameOf(string? personId)
        {
            if (personId is null)
            {
                return null;
            }

            if (!names.TryGetValue(personId, out var name))
            {
                name = (await PersonDocuments.GetAsync(documents, personId, cancellationToken))?.Name;
                names[personId] = name;
            }

            return name;
        }

        var progress = new List<RunProgress>();
        foreach (var run in await runs.ListAsync(id, cancellationToken))
        {
            var instance = await runtime.Instances.FindAsync(run.InstanceId, cancellationToken);
            var definition = instance is null
                ? await runtime.Definitions.FindPublishedAsync(run.Playbook, cancellationToken)
                : await runtime.Definitions.FindVersionAsync(instance.DefinitionId, instance.Version, cancellationToken);
            var calendarId = instance?.Input.TryGetValue("CalendarId", out var c) == true ? c?.ToString() : account.CalendarId;
            var runTasks = accountTasks.Where(t => t.WorkflowInstanceId == run.InstanceId).ToList();
            var plan = definition is null ? [] : PlannedTasks(definition);
            var phases = new List<ProgressPhase>();
            var finished = instance?.IsFinished == true;
            foreach (var phaseName in PhaseOrder(plan, runTasks))
            {
                var assigned = runTasks.Where(t => t.Phase == phaseName).ToList();
                var phaseTasks = new List<ProgressTask>();
                foreach (var task in assigned)
                {
                    phaseTasks.Add(new ProgressTask(task.Id, task.ActivityId, task.Title, task.OwnerPersonId, await NameOf(task.OwnerPersonId), task.OwnerRole, task.DueAt, task.Status, task.CompletedAt));
                }

                // An activity of the phase that has assigned nothing yet is still to come (unless the run is over).
                if (!finished)
                {
                    foreach (var planned in plan.Where(p => p.Phase == phaseName && assigned.TrueForAll(t => t.ActivityId != p.ActivityId)))
                    {
                        var due = await PlannedDueAsync(planned, run, calendarId, businessTime, cancellationToken);
                        var owner = planned.OwnerRole is { } role && account.Roles.TryGetValue(role, out var holder) ? holder : null;
                        phaseTasks.Add(new ProgressTask(null, planned.ActivityId, planned.Title ?? planned.ActivityId, owner, await NameOf(owner), planned.OwnerRole, due, "planned", null));
                    }
                }

                phases.Add(Phase(phaseName, phaseTasks, assigned, plan, finished));
            }

            var all = phases.SelectMany(p => p.Tasks).ToList();
            var counts = new ProgressCounts(
                all.Count(t => t.Status == HumanTaskStatus.Open),
                all.Count(t => t.Status == HumanTaskStatus.Overdue),
                all.Count(t => t.Status == HumanTaskStatus.Completed),
                all.Count(t => t.Status == HumanTaskStatus.Cancelled),
                all.Count(t => t.Status == HumanTaskStatus.Expired),
                all.Count(t => t.Status == "planned"));
            var closed = counts.Completed + counts.Cancelled + counts.Expired;
            var percent = counts.Total == 0 ? (finished ? 100 : 0) : (int)Math.Floor(100.0 * closed / counts.Total);
            progress.Add(new RunProgress(
                run.InstanceId,
                run.Playbook,
                definition?.Name ?? run.Playbook,
                run.Period,
                instance is null ? "Starting" : instance.Status.ToString(),
                run.KickoffDate,
                run.ContractStart,
                run.ReservedAt,
                run.StartedBy,
                percent,
                counts,
                phases.Select(p => p.Start).Min(),
                phases.Select(p => p.End).Max(),
                phases));
        }

        var playbooks = (await runtime.Definitions.ListPublishedAsync(cancellationToken))
            .Where(IsPlaybook)
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Select(d => new StartablePlaybook(d.DefinitionId, d.Name, HasInput(d, "ContractStart") ? "contractStart" : "kickoffDate"))
            .ToList();
        return TypedResults.Ok(new AccountProgress(account.Id, account.Customer, time.GetUtcNow(), playbooks, progress));
    }

    /// <summary>A playbook is a workflow that takes the account and the period a start gives it.</summary>
    private static bool IsPlaybook(WorkflowDefinition definition) => HasInput(definition, "AccountId") && HasInput(definition, "Period");

    private static bool HasInput(WorkflowDefinition definition, string name) =>
        definition.Inputs.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    private static ProgressPhase Phase(string name, List<ProgressTask> tasks, List<HumanTask> assigned, List<PlannedTask> plan, bool finished)
    {
        var milestone = assigned.Select(t => t.Milestone).FirstOrDefault(m => m is not null)
            ?? plan.Where(p => p.Phase == name).Select(p => p.Milestone).FirstOrDefault(m => m is not null);
        ProgressGate? gate = null;
        if (milestone is not null)
        {
            // The gate passes when every task naming the milestone has ended; the moment is when the last one did.
            var gated = assigned.Where(t => t.Milestone == milestone).ToList();
            var waiting = tasks.Exists(t => t.Status is "planned" or HumanTaskStatus.Open or HumanTaskStatus.Overdue);
            var met = gated.Count > 0 && !waiting;
            gate = new ProgressGate(milestone, met, met ? gated.Max(t => t.CompletedAt ?? t.UpdatedAt) : null);
        }

        var status = assigned.Count == 0 ? "planned"
            : gate is { Met: true } || (gate is null && finished) ? "done"
            : "active";
        var starts = assigned.Select(t => (DateTimeOffset?)t.CreatedAt)
            .Concat(tasks.Select(t => t.DueAt))
            .Where(d => d is not null)
            .ToList();
        var ends = tasks.Select(t => t.DueAt).Append(gate?.MetAt).Where(d => d is not null).ToList();
        var ordered = tasks.OrderBy(t => t.DueAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Title, StringComparer.Ordinal).ToList();
        return new ProgressPhase(name, status, starts.Count == 0 ? null : starts.Min(), ends.Count == 0 ? null : ends.Max(), gate, ordered);
    }

    /// <summary>The playbook's order first (the first task that names each phase), then phases only the tasks name, by their first due time.</summary>
    private static List<string> PhaseOrder(List<PlannedTask> plan, List<HumanTask> tasks)
    {
        var order = plan.Select(p => p.Phase).Where(p => p is not null).Select(p => p!).Distinct(StringComparer.Ordinal).ToList();
        order.AddRange(tasks
            .Where(t => t.Phase is not null && !order.Contains(t.Phase, StringComparer.Ordinal))
            .OrderBy(t => t.DueAt ?? t.CreatedAt)
            .Select(t => t.Phase!)
            .Distinct(StringComparer.Ordinal));
        if (tasks.Exists(t => t.Phase is null))
        {
            order.Add(NoPhase);
        }

        return order;
    }

    private const string NoPhase = "Other tasks";

    /// <summary>A task activity of the playbook with the parts that are literals (an expression phase or title is only known once it runs).</summary>
    private sealed record PlannedTask(string ActivityId, string? Phase, string? Milestone, string? Title, string? OwnerRole, int? DueInBusinessDays, bool AnchoredToKickoff);

    private static List<PlannedTask> PlannedTasks(WorkflowDefinition definition)
    {
        var found = new List<PlannedTask>();
        if (definition.Root is { } root)
        {
            Walk(root, found);
        }

        return found;
    }

    private static void Walk(JsonNode node, List<PlannedTask> found)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"] is JsonValue type && type.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && type.GetValue<string>() == "Orchestrator.AssignTask" && o["id"] is JsonValue id)
                {
                    var owner = Literal(o, "owner");
                    var days = Literal(o, "dueInBusinessDays");
                    found.Add(new PlannedTask(
                        id.ToString(),
                        Literal(o, "phase"),
                        Literal(o, "milestone"),
                        Literal(o, "title") ?? o["metadata"]?["displayText"]?.ToString(),
                        owner is not null && owner.StartsWith("role:", StringComparison.Ordinal) ? owner["role:".Length..] : null,
                        int.TryParse(days, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : null,
                        Expression(o, "anchor")?.Contains("KickoffDate", StringComparison.Ordinal) == true));
                }

                foreach (var (_, child) in o)
                {
                    if (child is not null)
                    {
                        Walk(child, found);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        Walk(child, found);
                    }
                }

                break;
        }
    }

    private static string? Literal(JsonObject activity, string input) =>
        activity[input] is JsonObject { } field && field["expression"] is JsonObject expression
            && string.Equals(expression["type"]?.ToString(), "Literal", StringComparison.Ordinal)
            && expression["value"] is JsonValue value
            ? value.ToString()
            : null;

    private static string? Expression(JsonObject activity, string input) =>
        activity[input] is JsonObject { } field && field["expression"] is JsonObject expression ? expression["value"]?.ToString() : null;

    /// <summary>The due time a planned task will get: business days from the kickoff on the run's calendar, when that is how it counts.</summary>
    private static async ValueTask<DateTimeOffset?> PlannedDueAsync(PlannedTask task, PlaybookRun run, string? calendarId, IBusinessTime businessTime, CancellationToken cancellationToken)
    {
        if (task.DueInBusinessDays is not { } days || !task.AnchoredToKickoff || calendarId is null)
        {
            return null;
        }

        try
        {
            return await businessTime.AddBusinessDaysAsync(calendarId, run.KickoffDate, days, cancellationToken);
        }
        catch (UnknownCalendarException)
        {
            return null;
        }
    }
}
