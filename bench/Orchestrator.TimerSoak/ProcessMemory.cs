using System.Globalization;

namespace Orchestrator.TimerSoak;

/// <summary>Resident set size of this process, from <c>/proc/self/status</c> (VmRSS, and the peak VmHWM).</summary>
internal static class ProcessMemory
{
    public static long ResidentBytes() => Read("VmRSS:");

    public static long PeakResidentBytes() => Read("VmHWM:");

    public static string Describe()
    {
        var info = GC.GetGCMemoryInfo();
        return $"RSS {Mib(ResidentBytes())} (peak {Mib(PeakResidentBytes())}), GC heap {Mib(info.HeapSizeBytes)}, load {LoadAverage()}";
    }

    /// <summary>The machine's 1-minute load average: other work on the machine shows up here.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:N0} MiB");

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kib = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Environment.WorkingSet;
    }
}
