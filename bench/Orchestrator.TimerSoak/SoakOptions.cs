using System.Globalization;

namespace Orchestrator.TimerSoak;

/// <summary>Command-line options: <c>--timers 1000000 --per-second 2000 --concurrency 1000 --lead 420 --drain 60 --max-minutes 25</c>.</summary>
internal sealed record SoakOptions
{
    /// <summary>Delay bookmarks to create.</summary>
    public int Timers { get; init; } = 1_000_000;

    /// <summary>How many fall due per second: they are spread evenly over <c>Timers / PerSecond</c> seconds.</summary>
    public int PerSecond { get; init; } = 2_000;

    /// <summary>Starts in flight at once while creating the timers.</summary>
    public int Concurrency { get; init; } = 1_000;

    /// <summary>Seconds from the start of the run to the first due time; 0 works it out from <see cref="ExpectedStartsPerSecond"/>.</summary>
    public int LeadSeconds { get; init; }

    /// <summary>The creation rate the automatic lead assumes.</summary>
    public int ExpectedStartsPerSecond { get; init; } = 2_500;

    /// <summary>How long after the last due time the run keeps waiting for stragglers before it stops.</summary>
    public int DrainSeconds { get; init; } = 60;

    /// <summary>Hard limit on the whole run; whatever is unfinished by then is reported as such.</summary>
    public int MaxMinutes { get; init; } = 25;

    /// <summary>Keep the database file instead of deleting it.</summary>
    public bool KeepDatabase { get; init; }

    public TimeSpan Lead => TimeSpan.FromSeconds(LeadSeconds > 0 ? LeadSeconds : (Timers / (double)ExpectedStartsPerSecond * 1.15) + 20);

    public TimeSpan DueWindow => TimeSpan.FromSeconds(Timers / (double)PerSecond);

    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--keep-db")
            {
                options = options with { KeepDatabase = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"option {name} needs a value");
            }

            var value = int.Parse(args[++i], CultureInfo.InvariantCulture);
            options = name switch
            {
                "--timers" => options with { Timers = value },
                "--per-second" => options with { PerSecond = value },
                "--concurrency" => options with { Concurrency = value },
                "--lead" => options with { LeadSeconds = value },
                "--expected-rate" => options with { ExpectedStartsPerSecond = value },
                "--drain" => options with { DrainSeconds = value },
                "--max-minutes" => options with { MaxMinutes = value },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options;
    }
}
