using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>Where an SLA timer stands; kept in the activity's state so it survives between bursts.</summary>
public sealed class SlaTimerState
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Stopped = "stopped";

    public required string TicketId { get; set; }

    /// <summary>Names this timer's SLA cycle records (<c>{TimerId}:{cycle}</c>); new for every execution of the activity.</summary>
    public string? TimerId { get; set; }

    /// <summary>The support tier holding the ticket (input <c>tier</c>, then the <c>tier</c> of ticket events); null when unknown.</summary>
    public string? Tier { get; set; }

    public required SlaPolicy Policy { get; set; }

    public required string Priority { get; set; }

    public int Cycle { get; set; } = 1;

    public DateTimeOffset CycleStart { get; set; }

    public string Phase { get; set; } = Running;

    public List<SlaPauseRecord> Pauses { get; set; } = [];

    /// <summary>Thresholds done in this cycle ("50%", "15m-before", "breach"), fired or recorded as passed.</summary>
    public List<string> Done { get; set; } = [];

    public DateTimeOffset? BreachDetectedAt { get; set; }

    public DateTimeOffset? BreachTheoreticalAt { get; set; }

    /// <summary>How the last stopped cycle ended: met or breached.</summary>
    public string? CycleResult { get; set; }

    /// <summary>Whether an agent has responded; a first-response SLA is measured once, so after that it never starts again.</summary>
    public bool Responded { get; set; }

    public List<JsonObject> Timeline { get; set; } = [];

    public IReadOnlyList<SlaPause> PauseSpans => [.. Pauses.Select(p => new SlaPause(p.From, p.To))];

    public TimeSpan Target => TimeSpan.FromMinutes(Policy.Targets[Priority]);

    /// <summary>The thresholds of the current priority in order of business time: warnings, then the breach at 100 %.</summary>
    public IEnumerable<(string Key, TimeSpan At, bool IsBreach)> Thresholds()
    {
        var target = Target;
        var list = new List<(string Key, TimeSpan At, bool IsBreach)>();
        foreach (var percent in Policy.WarningPercents)
        {
            list.Add(($"{percent:0.##}%", target * (percent / 100), false));
        }

        foreach (var minutes in Policy.WarningMinutesBeforeBreach)
        {
            if (minutes < target.TotalMinutes)
            {
                list.Add(($"{minutes}m-before", target - TimeSpan.FromMinutes(minutes), false));
            }
        }

        list.Add(("breach", target, true));
        return list.OrderBy(t => t.At).ThenBy(t => t.IsBreach);
    }

    public void StartCycle(DateTimeOffset at)
    {
        Cycle++;
        CycleStart = at;
        Pauses = Phase == Paused ? [new SlaPauseRecord { From = at }] : [];
        Done = [];
        BreachDetectedAt = null;
        BreachTheoreticalAt = null;
        CycleResult = null;
    }
}

/// <summary>A pause of the current cycle; <see cref="To"/> is null while it lasts.</summary>
public sealed class SlaPauseRecord
{
    public DateTimeOffset From { get; set; }

    public DateTimeOffset? To { get; set; }
}
