using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Sla;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Handoffs;

/// <summary>
/// Waits until a region's shift ends: the close of the calendar's open span at this moment or, when the calendar is
/// closed now, of its next open span. Follow-the-sun workflows put it before each handoff, so a ticket moves at the
/// end of the shift and never twice in a row while every region is closed (a weekend waits for the next shift).
/// </summary>
[Activity(
    "Orchestrator.WaitForShiftEnd",
    Category = "Handoffs",
    DisplayName = "Wait for shift end",
    Description = "Waits until the current (or next) open span of a business calendar closes.")]
public sealed class WaitForShiftEnd : Activity
{
    public const string StimulusName = "Orchestrator.ShiftEnd";

    [Input(Description = "The business calendar of the region whose shift is waited for (e.g. apac).", Required = true)]
    public Input<string> CalendarId { get; set; } = Input<string>.Empty;

    [Output(Description = "When the shift ends (ISO 8601, UTC).")]
    public Output<string> ShiftEnd { get; set; } = Output<string>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var calendarId = (await context.EvaluateAsync(CalendarId))?.Trim();
        if (string.IsNullOrEmpty(calendarId))
        {
            throw new InvalidOperationException("input 'calendarId' is required");
        }

        var businessTime = context.GetRequiredService<IBusinessTime>();
        var now = context.TimeProvider.GetUtcNow();
        DateTimeOffset? closes;
        try
        {
            var opens = await businessTime.NextOpenAsync(calendarId, now, context.CancellationToken)
                ?? throw new InvalidOperationException($"input 'calendarId': calendar '{calendarId}' never opens again");
            closes = await businessTime.CurrentCloseAsync(calendarId, opens, context.CancellationToken);
        }
        catch (UnknownCalendarException ex)
        {
            throw new InvalidOperationException($"input 'calendarId': {ex.Message}", ex);
        }

        if (closes is not { } end || end == DateTimeOffset.MaxValue)
        {
            throw new InvalidOperationException($"input 'calendarId': calendar '{calendarId}' is always open, so its shift never ends");
        }

        var text = end.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.SetOutput(ShiftEnd, text, nameof(ShiftEnd));
        context.JournalNote($"waiting for the shift on calendar '{calendarId}' to end at {text}");
        context.CreateBookmark(StimulusName, null, new JsonObject { ["calendarId"] = calendarId, ["shiftEnd"] = text }, end);
    }

    protected override ValueTask ResumeAsync(ActivityExecutionContext context) => context.CompleteAsync();
}
