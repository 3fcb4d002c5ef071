using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Activities.Escalation;

/// <summary>
/// Runs an escalation policy: pages a level's targets, waits the level's delay for an acknowledgement, then pages the
/// next level; after the last level it goes round again <c>repeat</c> times, then reports the escalation exhausted.
/// An undelivered page moves on at once. The policy is copied into the run when it starts, so editing the policy
/// never changes an escalation in flight.
/// </summary>
[Activity(
    "Orchestrator.Escalate",
    Category = "Escalation",
    DisplayName = "Escalate",
    Description = "Pages an escalation policy's levels until someone acknowledges, or reports it exhausted.",
    Outcomes = [Acknowledged, Exhausted])]
public sealed class Escalate : Activity
{
    public const string Acknowledged = "Acknowledged";
    public const string Exhausted = "Exhausted";
    public const string DefaultTemplate = "escalation-page";

    [Input(Description = "The id of a stored escalation policy (used when no inline policy is given).")]
    public Input<string> PolicyId { get; set; } = Input<string>.Empty;

    [Input(Description = "An inline policy: {\"levels\": [{\"targets\": [\"rotation:l2\"], \"delayMinutes\": 15, \"mode\": \"notify-all\"}], \"repeat\": 1}.", UIHint = "json")]
    public Input<object> Policy { get; set; } = Input<object>.Empty;

    [Input(Description = "What is escalated, usually the ticket id; acknowledgements are sent to this key. Empty: the run and activity ids.")]
    public Input<string> Subject { get; set; } = Input<string>.Empty;

    [Input(Description = "The template of the page.", DefaultValue = DefaultTemplate)]
    public Input<string> Template { get; set; } = Input<string>.Empty;

    [Input(Description = "Values for the template; the escalation adds escalationKey, level, round, personId and acknowledgeUrl.", UIHint = "json")]
    public Input<object> Model { get; set; } = Input<object>.Empty;

    [Input(Description = "The account in context, for role targets such as role:csm.")]
    public Input<string> AccountId { get; set; } = Input<string>.Empty;

    [Input(Description = "How long an acknowledgement holds without a resolution before the escalation starts again from level 1 (empty: an acknowledgement ends it).")]
    public Input<TimeSpan> AckTimeout { get; set; } = Input<TimeSpan>.Empty;

    [Output(Description = "Acknowledged: {escalationKey, by, at, level, round}. Exhausted: {escalationKey, rounds, pages}.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var policy = await LoadPolicyAsync(context);
        var subject = await context.EvaluateAsync(Subject);
        var template = await context.EvaluateAsync(Template);
        var model = ValueModel.ToJsonNode(await context.EvaluateAsync(Model));
        if (model is not null and not JsonObject)
        {
            throw new InvalidOperationException("input 'model': expected a JSON object");
        }

        var state = new EscalationState
        {
            Policy = policy,
            PolicyKey = policy.Id.Length > 0 ? policy.Id : $"inline/{context.WorkflowDefinitionId}/{Id}",
            EscalationKey = string.IsNullOrWhiteSpace(subject) ? $"{context.WorkflowInstanceId}-{Id}" : subject.Trim(),
            Template = string.IsNullOrWhiteSpace(template) ? DefaultTemplate : template,
            Model = (JsonObject?)model ?? [],
            AccountId = await context.EvaluateAsync(AccountId),
            AckTimeout = await context.EvaluateAsync(AckTimeout),
        };
        context.State = state;
        context.JournalNote($"escalation {state.EscalationKey} started: policy {(policy.Id.Length > 0 ? $"'{policy.Id}'" : "inline")}, {policy.Levels.Count} level(s), repeat {policy.Repeat}");
        await PageLevelAsync(context, state);
    }

    protected override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var state = context.State as EscalationState ?? throw new InvalidOperationException("the escalation lost its state");
        var bookmark = context.ResumedBookmark!;
        switch (bookmark.Name)
        {
            case EscalationStimuli.Acknowledge:
                await AcknowledgeAsync(context, state, EscalationStimuli.ReadBy(context.ResumeInput));
                break;
            case EscalationStimuli.Resolve when state.Ack is { } ack:
                await CompleteAcknowledgedAsync(context, state, ack);
                break;
            case EscalationStimuli.Timer when state.Ack is { } ack:
                context.JournalNote($"acknowledgement by {ack.By ?? "unknown"} timed out after {state.AckTimeout}; escalation {state.EscalationKey} is unacknowledged again and restarts at level 1");
                state.Ack = null;
                state.Restart++;
                state.Round = 0;
                state.Level = 0;
                await PageLevelAsync(context, state);
                break;
            case EscalationStimuli.Timer:
                context.JournalNote($"level {state.Level + 1} was not acknowledged within {CurrentLevel(state).DelayMinutes} min");
                await AdvanceAsync(context, state);
                break;
            case DeliveryStimulus.Name:
                await DeliveryReportedAsync(context, state, bookmark.Key ?? string.Empty);
                break;
        }
    }

    protected override void WriteState(Utf8JsonWriter writer, object state) => JsonSerializer.Serialize(writer, (EscalationState)state, EscalationJson.Options);

    protected override object? ReadState(JsonElement element) => element.Deserialize<EscalationState>(EscalationJson.Options);

    private async ValueTask<EscalationPolicy> LoadPolicyAsync(ActivityExecutionContext context)
    {
        var inline = ValueModel.ToJsonNode(await context.EvaluateAsync(Policy));
        if (inline is JsonObject)
        {
            if (!EscalationJson.TryRead<EscalationPolicy>(inline, out var parsed, out var error))
            {
                throw new InvalidOperationException($"input 'policy': {error}");
            }

            var errors = EscalationPolicy.Validate(parsed!, requireId: false);
            return errors.Count > 0 ? throw new InvalidOperationException($"input 'policy': {string.Join("; ", errors)}") : parsed!;
        }

        if (inline is not null)
        {
            throw new InvalidOperationException("input 'policy': expected a JSON object with levels");
        }

        var id = await context.EvaluateAsync(PolicyId);
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidOperationException("input 'policyId': give a stored policy id or an inline policy");
        }

        var stored = await context.GetRequiredService<EscalationPolicyStore>().GetAsync(id.Trim(), context.CancellationToken)
            ?? throw new InvalidOperationException($"input 'policyId': escalation policy '{id}' does not exist");
        var invalid = EscalationPolicy.Validate(stored.Policy, requireId: true);
        return invalid.Count > 0
            ? throw new InvalidOperationException($"input 'policyId': escalation policy '{id}' is not valid: {string.Join("; ", invalid)}")
            : stored.Policy;
    }

    private static EscalationLevel CurrentLevel(EscalationState state) => state.Policy.Levels[state.Level];

    private static async ValueTask PageLevelAsync(ActivityExecutionContext context, EscalationState state)
    {
        // Levels that reach nobody are skipped at once; the loop ends when someone is paged or the policy is exhausted.
        while (true)
        {
            context.ClearBookmarks();
            state.Paged = [];
            state.Tried = [];
            var level = CurrentLevel(state);
            if (level.Mode == EscalationLevel.RoundRobin)
            {
                var next = await context.GetRequiredService<RoundRobinCursor>().NextAsync(state.PolicyKey, state.Level, level.Targets, context.CancellationToken);
                await PageTargetAsync(context, state, next);
            }
            else
            {
                for (var i = 0; i < level.Targets.Count; i++)
                {
                    await PageTargetAsync(context, state, i);
                }
            }

            if (await TryAnotherTargetAsync(context, state))
            {
                ArmLevel(context, state);
                return;
            }

            if (!NextLevel(context, state))
            {
                await CompleteExhaustedAsync(context, state);
                return;
            }
        }
    }

    /// <summary>True when someone paged at this level may still be reached; in round-robin, pages further targets until one may be.</summary>
    private static async ValueTask<bool> TryAnotherTargetAsync(ActivityExecutionContext context, EscalationState state)
    {
        var level = CurrentLevel(state);
        while (state.Paged.All(p => p.NotReached))
        {
            if (level.Mode != EscalationLevel.RoundRobin || state.Tried.Count >= level.Targets.Count)
            {
                return false;
            }

            var next = await context.GetRequiredService<RoundRobinCursor>().NextAsync(state.PolicyKey, state.Level, level.Targets, context.CancellationToken);
            if (state.Tried.Contains(next))
            {
                return false;
            }

            await PageTargetAsync(context, state, next);
        }

        return true;
    }

    private static void ArmLevel(ActivityExecutionContext context, EscalationState state)
    {
        context.ClearBookmarks();
        var now = context.TimeProvider.GetUtcNow();
        context.CreateBookmark(EscalationStimuli.Timer, null, new JsonObject { ["escalationKey"] = state.EscalationKey, ["level"] = state.Level + 1 }, now.AddMinutes(CurrentLevel(state).DelayMinutes));
        context.CreateBookmark(EscalationStimuli.Acknowledge, state.EscalationKey, new JsonObject { ["escalationKey"] = state.EscalationKey });
        foreach (var paged in state.Paged.Where(p => !p.NotReached))
        {
            foreach (var messageId in paged.MessageIds)
            {
                context.CreateBookmark(DeliveryStimulus.Name, messageId, new JsonObject { ["messageId"] = messageId, ["personId"] = paged.PersonId });
            }
        }
    }

    private static async ValueTask PageTargetAsync(ActivityExecutionContext context, EscalationState state, int targetIndex)
    {
        state.Tried.Add(targetIndex);
        var targetText = CurrentLevel(state).Targets[targetIndex];
        var target = NotificationTarget.Parse(targetText);
        var now = context.TimeProvider.GetUtcNow();
        var people = await context.GetRequiredService<IRecipientResolver>().ResolveAsync(target, new RecipientContext(now, state.AccountId), context.CancellationToken);
        var levelNumber = state.Level + 1;
        if (people.Count == 0)
        {
            state.Paged.Add(new PagedPerson { Target = targetText, PersonId = null, NotReached = true });
            context.JournalNote($"level {levelNumber}: {targetText} names nobody at the moment; not reached");
            return;
        }

        var notifier = context.GetRequiredService<INotifier>();
        var links = context.GetService<AcknowledgeLinks>();
        foreach (var person in people)
        {
            var model = (JsonObject)state.Model.DeepClone();
            model["escalationKey"] = state.EscalationKey;
            model["level"] = levelNumber;
            model["round"] = state.Round + 1;
            model["target"] = targetText;
            model["personId"] = person.Id;
            model["personName"] = person.Name;
            if (links is not null)
            {
                model["acknowledgeUrl"] = await links.CreateAsync(state.EscalationKey, person.Id, now + links.Lifetime, context.CancellationToken);
            }

            var key = string.Create(CultureInfo.InvariantCulture, $"escalate/{state.EscalationKey}/restart-{state.Restart}/round-{state.Round + 1}/level-{levelNumber}/{targetIndex}/{person.Id}");
            var queued = await notifier.NotifyAsync(context, new NotifyRequest([new NotificationTarget(TargetKind.Person, person.Id)], state.Template, model, Urgent: true, AccountId: state.AccountId, Key: key));
            state.Pages++;
            state.Paged.Add(new PagedPerson { Target = targetText, PersonId = person.Id, MessageIds = [.. queued.Select(m => m.MessageId)], NotReached = queued.Count == 0 });
            var channels = queued.Count == 0 ? "no channel to reach them" : string.Join(", ", queued.Select(m => $"{m.Channel} {m.Address}"));
            context.JournalNote(EscalationNotes.Paged(levelNumber, state.Round + 1, person.Id, targetText, channels));
        }
    }

    /// <summary>Moves to the next level (or round); false when the policy is exhausted and the activity completed.</summary>
    private static bool NextLevel(ActivityExecutionContext context, EscalationState state)
    {
        state.Level++;
        if (state.Level < state.Policy.Levels.Count)
        {
            return true;
        }

        state.Level = 0;
        state.Round++;
        if (state.Round <= state.Policy.Repeat)
        {
            context.JournalNote($"escalation {state.EscalationKey}: round {state.Round + 1} of {state.Policy.Repeat + 1}");
            return true;
        }

        return false;
    }

    private static async ValueTask AdvanceAsync(ActivityExecutionContext context, EscalationState state)
    {
        if (NextLevel(context, state))
        {
            await PageLevelAsync(context, state);
        }
        else
        {
            await CompleteExhaustedAsync(context, state);
        }
    }

    private static async ValueTask DeliveryReportedAsync(ActivityExecutionContext context, EscalationState state, string messageId)
    {
        var input = ValueModel.ToJsonNode(context.ResumeInput) as JsonObject;
        var status = input?["status"] is JsonValue s && s.TryGetValue<string>(out var text) ? text : null;
        if (status != DeliveryStimulus.NotDelivered || state.Ack is not null)
        {
            return;
        }

        var paged = state.Paged.Find(p => p.MessageIds.Contains(messageId));
        if (paged is null || paged.NotReached)
        {
            return;
        }

        paged.NotReached = true;
        var error = input?["error"] is JsonValue e && e.TryGetValue<string>(out var reason) ? $": {reason}" : string.Empty;
        context.JournalNote($"level {state.Level + 1}: page to {paged.PersonId} ({paged.Target}) was not delivered{error}; not reached");
        var pagedBefore = state.Paged.Count;
        if (await TryAnotherTargetAsync(context, state))
        {
            if (state.Paged.Count > pagedBefore)
            {
                // Round-robin handed the level to the next target: it gets the level's whole delay.
                ArmLevel(context, state);
            }

            return;
        }

        context.JournalNote($"level {state.Level + 1}: nobody reached; escalating at once");
        await AdvanceAsync(context, state);
    }

    private static async ValueTask AcknowledgeAsync(ActivityExecutionContext context, EscalationState state, string? by)
    {
        var ack = new EscalationAck { By = by, At = context.TimeProvider.GetUtcNow(), Level = state.Level + 1, Round = state.Round + 1 };
        context.JournalNote(EscalationNotes.Acknowledged(state.EscalationKey, by, ack.Level, ack.Round));
        if (state.AckTimeout <= TimeSpan.Zero)
        {
            await CompleteAcknowledgedAsync(context, state, ack);
            return;
        }

        // The acknowledgement holds until resolved or timed out; a new acknowledgement restarts the timeout.
        state.Ack = ack;
        context.ClearBookmarks();
        context.CreateBookmark(EscalationStimuli.Timer, null, new JsonObject { ["escalationKey"] = state.EscalationKey, ["ackTimeout"] = true }, ack.At + state.AckTimeout);
        context.CreateBookmark(EscalationStimuli.Acknowledge, state.EscalationKey, new JsonObject { ["escalationKey"] = state.EscalationKey });
        context.CreateBookmark(EscalationStimuli.Resolve, state.EscalationKey, new JsonObject { ["escalationKey"] = state.EscalationKey });
    }

    private static ValueTask CompleteAcknowledgedAsync(ActivityExecutionContext context, EscalationState state, EscalationAck ack)
    {
        var result = new JsonObject
        {
            ["escalationKey"] = state.EscalationKey,
            ["by"] = ack.By,
            ["at"] = ack.At.ToString("O", CultureInfo.InvariantCulture),
            ["level"] = ack.Level,
            ["round"] = ack.Round,
        };
        var activity = (Escalate)context.Activity;
        context.SetOutput(activity.Result, result);
        context.SetResult(result);
        return context.CompleteAsync(Acknowledged);
    }

    private static ValueTask CompleteExhaustedAsync(ActivityExecutionContext context, EscalationState state)
    {
        context.JournalNote($"escalation {state.EscalationKey} exhausted: {state.Policy.Repeat + 1} round(s) of {state.Policy.Levels.Count} level(s), {state.Pages} page(s), nobody acknowledged");

        // Every level was paged and nobody answered: someone must look at this run, but it goes on (Exhausted).
        var correlation = context.Instance.CorrelationId is { Length: > 0 } id ? $", correlation '{id}'" : string.Empty;
        context.RaiseIncident(
            $"escalation '{state.EscalationKey}' exhausted: policy '{state.PolicyKey}' paged all {state.Policy.Levels.Count} level(s) {state.Policy.Repeat + 1} time(s) ({state.Pages} page(s)) without acknowledgement{correlation}");
        var result = new JsonObject
        {
            ["escalationKey"] = state.EscalationKey,
            ["rounds"] = state.Policy.Repeat + 1,
            ["pages"] = state.Pages,
        };
        var activity = (Escalate)context.Activity;
        context.SetOutput(activity.Result, result);
        context.SetResult(result);
        return context.CompleteAsync(Exhausted);
    }
}

/// <summary>An escalation's progress, persisted with the run; it holds the policy as it was when the run started.</summary>
internal sealed class EscalationState
{
    public required EscalationPolicy Policy { get; init; }

    public required string PolicyKey { get; init; }

    public required string EscalationKey { get; init; }

    public required string Template { get; init; }

    public JsonObject Model { get; init; } = [];

    public string? AccountId { get; init; }

    public TimeSpan AckTimeout { get; init; }

    /// <summary>0-based pass through the policy (0 .. repeat).</summary>
    public int Round { get; set; }

    /// <summary>0-based index of the level being paged.</summary>
    public int Level { get; set; }

    /// <summary>How often an acknowledgement timed out and the policy restarted.</summary>
    public int Restart { get; set; }

    public int Pages { get; set; }

    public List<PagedPerson> Paged { get; set; } = [];

    /// <summary>Target indexes paged at this level.</summary>
    public List<int> Tried { get; set; } = [];

    public EscalationAck? Ack { get; set; }
}

internal sealed class PagedPerson
{
    public required string Target { get; init; }

    public string? PersonId { get; init; }

    public List<string> MessageIds { get; init; } = [];

    public bool NotReached { get; set; }
}

internal sealed class EscalationAck
{
    public string? By { get; init; }

    public DateTimeOffset At { get; init; }

    public int Level { get; init; }

    public int Round { get; init; }
}
