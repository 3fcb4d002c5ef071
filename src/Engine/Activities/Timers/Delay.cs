using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Timers;

/// <summary>Waits for a time span: a bookmark with a due time, which the host's scheduler resumes.</summary>
[Activity("Elsa.Delay", Category = "Scheduling", DisplayName = "Delay", Description = "Waits for a time span.")]
public sealed class Delay : Activity
{
    public const string StimulusName = "Elsa.Delay";

    [Input(Description = "How long to wait (hh:mm:ss or ISO 8601, e.g. PT15M).", Required = true)]
    public Input<TimeSpan> TimeSpan { get; set; } = Input<TimeSpan>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var span = await context.EvaluateAsync(TimeSpan);
        if (span <= System.TimeSpan.Zero)
        {
            await context.CompleteAsync();
            return;
        }

        context.CreateBookmark(StimulusName, null, null, context.TimeProvider.GetUtcNow() + span);
    }
}

/// <summary>Fires at an interval: as a trigger it starts the workflow on schedule, inside a run it waits one interval.</summary>
[Activity("Elsa.Timer", Category = "Scheduling", DisplayName = "Timer", Description = "Fires at an interval.")]
public sealed class Timer : Activity, ITriggerActivity
{
    public const string StimulusName = "Elsa.Timer";

    [Input(Description = "The interval (hh:mm:ss or ISO 8601).", Required = true)]
    public Input<TimeSpan> Interval { get; set; } = Input<TimeSpan>.Empty;

    public TriggerSpec? GetTrigger() => Interval.IsConstant && Interval.Constant > System.TimeSpan.Zero
        ? new TriggerSpec(StimulusName, Interval.Constant.ToString("c", CultureInfo.InvariantCulture), new JsonObject { ["interval"] = Interval.Constant.ToString("c", CultureInfo.InvariantCulture) })
        : null;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggeredStart)
        {
            await context.CompleteAsync();
            return;
        }

        var interval = await context.EvaluateAsync(Interval);
        if (interval <= System.TimeSpan.Zero)
        {
            throw new InvalidOperationException("input 'interval' must be longer than zero");
        }

        context.CreateBookmark(StimulusName, null, null, context.TimeProvider.GetUtcNow() + interval);
    }
}

/// <summary>Fires on a cron schedule (six fields, seconds first, or the classic five), in UTC.</summary>
[Activity("Elsa.Cron", Category = "Scheduling", DisplayName = "Cron", Description = "Fires on a cron schedule.")]
public sealed class Cron : Activity, ITriggerActivity
{
    public const string StimulusName = "Elsa.Cron";

    [Input(Description = "A cron expression: seconds minutes hours day-of-month month day-of-week.", Required = true)]
    public Input<string> CronExpression { get; set; } = Input<string>.Empty;

    public TriggerSpec? GetTrigger() => CronExpression.IsConstant && CronExpression.Constant is { } expression
        ? new TriggerSpec(StimulusName, expression, new JsonObject { ["cronExpression"] = expression })
        : null;

    /// <summary>Parses six-field (seconds first) and five-field expressions; throws <see cref="CronFormatException"/>.</summary>
    public static CronExpression Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return Cronos.CronExpression.Parse(expression, fields >= 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    protected internal override void Configure(ActivityConfigurator configurator)
    {
        if (CronExpression.IsConstant && CronExpression.Constant is { } expression)
        {
            try
            {
                Parse(expression);
            }
            catch (CronFormatException ex)
            {
                configurator.Report("cronExpression", $"invalid cron expression '{expression}': {ex.Message}");
            }
        }
    }

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggeredStart)
        {
            await context.CompleteAsync();
            return;
        }

        var expression = await context.EvaluateAsync(CronExpression) ?? string.Empty;
        CronExpression cron;
        try
        {
            cron = Parse(expression);
        }
        catch (CronFormatException ex)
        {
            throw new InvalidOperationException($"input 'cronExpression': invalid cron expression '{expression}': {ex.Message}", ex);
        }

        var next = cron.GetNextOccurrence(context.TimeProvider.GetUtcNow(), TimeZoneInfo.Utc)
            ?? throw new InvalidOperationException($"input 'cronExpression': '{expression}' never fires again");
        context.CreateBookmark(StimulusName, null, null, next);
    }
}

/// <summary>Fires at an instant; an instant already past fires at once.</summary>
[Activity("Elsa.StartAt", Category = "Scheduling", DisplayName = "Start at", Description = "Fires at an instant.")]
public sealed class StartAt : Activity, ITriggerActivity
{
    public const string StimulusName = "Elsa.StartAt";

    [Input(Name = "dateTime", Description = "The instant (ISO 8601).", Required = true)]
    public Input<DateTimeOffset> DateTime { get; set; } = Input<DateTimeOffset>.Empty;

    public TriggerSpec? GetTrigger() => DateTime.IsConstant
        ? new TriggerSpec(StimulusName, DateTime.Constant.ToString("O", CultureInfo.InvariantCulture), new JsonObject { ["dateTime"] = DateTime.Constant.ToString("O", CultureInfo.InvariantCulture) })
        : null;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggeredStart)
        {
            await context.CompleteAsync();
            return;
        }

        var at = await context.EvaluateAsync(DateTime);
        if (at <= context.TimeProvider.GetUtcNow())
        {
            await context.CompleteAsync();
            return;
        }

        context.CreateBookmark(StimulusName, null, null, at);
    }
}
