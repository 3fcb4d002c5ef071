using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Quartz;

namespace Orchestrator.TimerSoak;

/// <summary>The soak: the entry point is a named class, as <c>Program</c> is the server's (WebApplicationFactory&lt;Program&gt;).</summary>
internal static class SoakProgram
{
    public static async Task<int> Main(string[] args)
    {
        // dotnet run -c Release --project bench/Orchestrator.TimerSoak -- --timers 1000000 --per-second 2000
        // Creates Delay timers through the real engine on a temp SQLite file, with Quartz in the same file, measures memory and
        // the Quartz trigger count while they are all pending, then the firing lag while they fall due on the real clock.
        var options = SoakOptions.Parse(args);
        var clock = TimeProvider.System;
        var invariant = CultureInfo.InvariantCulture;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.MaxMinutes));
        var directory = Directory.CreateTempSubdirectory("orchestrator-soak-").FullName;
        var databaseFile = Path.Combine(directory, "soak.db");
        var emptyFolder = Directory.CreateDirectory(Path.Combine(directory, "workflows")).FullName;
        var runClock = Stopwatch.StartNew();

        void Log(string message) => Console.WriteLine(string.Create(invariant, $"[{runClock.Elapsed:hh\\:mm\\:ss}] {message}"));

        Log($"options: {options.Timers:N0} timers, {options.PerSecond:N0} due per second over {options.DueWindow.TotalSeconds:N0} s, {options.Concurrency:N0} starts in flight, " +
            $"first due after {options.Lead.TotalSeconds:N0} s, drain {options.DrainSeconds} s, limit {options.MaxMinutes} min; database {databaseFile}");
        Log($"before the host: {ProcessMemory.Describe()}");

        var host = new SoakHost(databaseFile, emptyFolder);
        var services = host.Services; // builds and starts the host: migrations, Quartz (started), the reconciler
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        var scheduler = services.GetRequiredService<IScheduler>();
        var definition = await runtime.ImportAsync(WorkflowDefinitionReader.Read(SoakWorkflow.Json, "soak-delay.json"));
        GC.Collect();
        var idleRss = ProcessMemory.ResidentBytes();
        Log($"host started: {ProcessMemory.Describe()}");

        var start = clock.GetUtcNow();
        var firstDue = start + options.Lead;
        var lastDue = firstDue + TimeSpan.FromTicks((options.Timers - 1) * TimeSpan.TicksPerSecond / options.PerSecond);
        var recorder = new LagRecorder(options.Timers, firstDue, (int)(options.DueWindow.TotalSeconds + options.DrainSeconds + 600), clock);
        runtime.BurstCommitted += recorder.OnBurstCommitted;

        // ---- 1. create the timers --------------------------------------------------------------------------------------
        long next = -1;
        int created = 0, suspended = 0, failed = 0;
        string? firstFailure = null;

        async Task CreateAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= options.Timers)
                {
                    return;
                }

                var due = firstDue + TimeSpan.FromTicks(i * TimeSpan.TicksPerSecond / options.PerSecond);
                var input = new Dictionary<string, object?>(1) { ["delay"] = (due - clock.GetUtcNow()).ToString("c", invariant) };
                try
                {
                    var result = await runtime.StartAsync(definition, new StartWorkflowRequest { Input = input }, CancellationToken.None);
                    if (result.Instance.SubStatus == WorkflowSubStatus.Suspended)
                    {
                        Interlocked.Increment(ref suspended);
                    }
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, ex.ToString(), null);
                }

                Interlocked.Increment(ref created);
            }
        }

        var creation = Stopwatch.StartNew();
        var creators = Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(CreateAsync)));
        var lastCreated = 0;
        var window = Stopwatch.StartNew();
        while (!creators.IsCompleted)
        {
            await Task.WhenAny(creators, Task.Delay(TimeSpan.FromSeconds(10)));
            var now = Volatile.Read(ref created);
            Log($"created {now:N0} ({(now - lastCreated) / window.Elapsed.TotalSeconds:N0}/s in the last {window.Elapsed.TotalSeconds:N0} s, {now / creation.Elapsed.TotalSeconds:N0}/s overall), failed {failed}: {ProcessMemory.Describe()}");
            lastCreated = now;
            window.Restart();
        }

        await creators;
        creation.Stop();
        var createdAt = clock.GetUtcNow();
        var createRate = created / creation.Elapsed.TotalSeconds;
        Log($"created {created:N0} in {creation.Elapsed.TotalSeconds:N1} s = {createRate:N0} starts/s; {suspended:N0} suspended on a Delay, {created - suspended - failed:N0} already due when started, {failed} failed");
        if (firstFailure is not null)
        {
            Log($"first failure: {firstFailure}");
        }

        var dueAlready = createdAt > firstDue ? (int)Math.Min(options.Timers, (createdAt - firstDue).TotalSeconds * options.PerSecond) : 0;
        Log($"first due time {(firstDue > createdAt ? $"is {(firstDue - createdAt).TotalSeconds:N0} s after the last start" : $"passed {(createdAt - firstDue).TotalSeconds:N0} s before the last start (~{dueAlready:N0} due already)")}");

        // ---- 2. everything pending: memory, Quartz triggers, rows --------------------------------------------------------
        var rssPending = ProcessMemory.ResidentBytes();
        var heapPending = GC.GetGCMemoryInfo().HeapSizeBytes;
        var peakPending = ProcessMemory.PeakResidentBytes();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var rssPendingAfterGc = ProcessMemory.ResidentBytes();
        var livePending = GC.GetTotalMemory(forceFullCollection: true);
        var timerTriggers = (await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals("timers"))).Count;
        var allTriggers = (await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup())).Count;
        long pendingBookmarks, distinctSeconds, reconcileQueryMs;
        await using (var sql = new SqliteConnection($"Data Source={databaseFile}"))
        {
            await sql.OpenAsync();
            pendingBookmarks = await ScalarAsync(sql, "SELECT COUNT(*) FROM bookmarks WHERE due_at IS NOT NULL");
            var query = Stopwatch.StartNew();
            // The query SchedulingReconciler runs every 30 s (TimerAlarms.ReconcileAsync), as EF Core translates it.
            distinctSeconds = await ScalarAsync(sql, "SELECT COUNT(*) FROM (SELECT DISTINCT (due_at + 9999999) / 10000000 FROM bookmarks WHERE due_at IS NOT NULL)");
            reconcileQueryMs = query.ElapsedMilliseconds;
        }

        var fileBytes = Directory.GetFiles(directory, "soak.db*").Sum(f => new FileInfo(f).Length);
        Log($"all pending: RSS {ProcessMemory.Mib(rssPending)} (after a full compacting GC {ProcessMemory.Mib(rssPendingAfterGc)}; idle host was {ProcessMemory.Mib(idleRss)}; peak so far {ProcessMemory.Mib(peakPending)}), GC heap {ProcessMemory.Mib(heapPending)}, live managed objects {ProcessMemory.Mib(livePending)}");
        Log($"Quartz triggers: {timerTriggers:N0} in group 'timers' ({allTriggers:N0} in all) for {distinctSeconds:N0} distinct due seconds; {pendingBookmarks:N0} timer bookmarks stored; " +
            $"the reconciler's distinct-seconds query took {reconcileQueryMs:N0} ms; database files {ProcessMemory.Mib(fileBytes)}");

        // ---- 3. let them fall due ----------------------------------------------------------------------------------------
        var deadline = lastDue + TimeSpan.FromSeconds(options.DrainSeconds);
        Log($"waiting for {suspended:N0} timers due from {firstDue:HH:mm:ss} to {lastDue:HH:mm:ss} UTC (stop at {deadline:HH:mm:ss} at the latest)");
        var lastFired = recorder.Count;
        while (recorder.Count < suspended && clock.GetUtcNow() < deadline && !stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None);
            var fired = recorder.Count;
            var now = clock.GetUtcNow();
            var dueByNow = now < firstDue ? 0 : Math.Min(suspended, (int)((now - firstDue).TotalSeconds * options.PerSecond) + 1);
            var lags = Percentiles.Of(recorder.ResumeLags(lastFired, fired));
            Log($"fired {fired:N0} of {dueByNow:N0} due ({(fired - lastFired) / 10.0:N0}/s in the last 10 s, backlog {Math.Max(0, dueByNow - fired):N0}); " +
                $"lag of those fired in the window p50 {lags.P50:N0} ms p99 {lags.P99:N0} ms max {lags.Max:N0} ms: {ProcessMemory.Describe()}");
            lastFired = fired;
        }

        var stoppedAt = clock.GetUtcNow();
        var firedTotal = Math.Min(recorder.Count, options.Timers);
        var rssAfter = ProcessMemory.ResidentBytes();
        var peakAfter = ProcessMemory.PeakResidentBytes();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var rssAfterGc = ProcessMemory.ResidentBytes();
        var heapAfterGc = GC.GetTotalMemory(forceFullCollection: true);

        // Timers due by the stop that never fired count with the lag they had reached when the run stopped (a lower bound).
        var dueByStop = stoppedAt < firstDue ? 0 : Math.Min(suspended, (int)((stoppedAt - firstDue).TotalSeconds * options.PerSecond) + 1);
        var unfired = Math.Max(0, dueByStop - firedTotal);
        var resume = recorder.ResumeLags(0, firedTotal);
        var commit = recorder.CommitLags(0, firedTotal);
        var withUnfired = new float[firedTotal + unfired];
        resume.CopyTo(withUnfired, 0);
        for (var k = 0; k < unfired; k++)
        {
            // The host fires in due order, so the unfired ones are the latest due among those due by the stop.
            var due = firstDue + TimeSpan.FromTicks((long)(dueByStop - 1 - k) * TimeSpan.TicksPerSecond / options.PerSecond);
            withUnfired[firedTotal + k] = (float)Math.Max(0, (stoppedAt - due).TotalMilliseconds);
        }

        var resumeStats = Percentiles.Of(resume);
        var commitStats = Percentiles.Of(commit);
        var censoredStats = Percentiles.Of(withUnfired);
        var perSecond = recorder.FiredPerSecond.Where(c => c > 0).ToArray();
        Log("---- results ----");
        Log($"created: {created:N0} Delay timers ({suspended:N0} suspended) in {creation.Elapsed.TotalSeconds:N1} s = {createRate:N0} starts/s through WorkflowRuntime.StartAsync");
        Log($"pending: RSS {ProcessMemory.Mib(rssPending)} ({ProcessMemory.Mib(rssPendingAfterGc)} after a full GC), idle host {ProcessMemory.Mib(idleRss)}; Quartz triggers {timerTriggers:N0} ('timers' group) for {distinctSeconds:N0} due seconds");
        Log($"fired: {firedTotal:N0} of {dueByStop:N0} due by the stop ({unfired:N0} due but not fired); firing rate: mean {(perSecond.Length == 0 ? 0 : perSecond.Average()):N0}/s, best second {(perSecond.Length == 0 ? 0 : perSecond.Max()):N0}");
        Log($"lag, resume burst end - due (fired only): p50 {resumeStats.P50:N0} ms, p90 {resumeStats.P90:N0} ms, p99 {resumeStats.P99:N0} ms, max {resumeStats.Max:N0} ms");
        Log($"lag, commit acknowledged - due (fired only): p50 {commitStats.P50:N0} ms, p90 {commitStats.P90:N0} ms, p99 {commitStats.P99:N0} ms, max {commitStats.Max:N0} ms");
        Log($"lag incl. the unfired at their lag when stopped (lower bound): p50 {censoredStats.P50:N0} ms, p99 {censoredStats.P99:N0} ms, max {censoredStats.Max:N0} ms");
        Log($"memory after firing: RSS {ProcessMemory.Mib(rssAfter)} ({ProcessMemory.Mib(rssAfterGc)} after a full GC, live managed objects {ProcessMemory.Mib(heapAfterGc)}), peak RSS over the run {ProcessMemory.Mib(peakAfter)}");

        // ---- shut down, bounded: a firing job still working through a backlog is interrupted ----------------------------
        runtime.BurstCommitted -= recorder.OnBurstCommitted;
        await scheduler.Interrupt(new JobKey("fire-due-timers", "timers"));
        var shutdown = host.DisposeAsync().AsTask();
        if (await Task.WhenAny(shutdown, Task.Delay(TimeSpan.FromSeconds(60))) != shutdown)
        {
            Log("the host did not stop within 60 s (a firing job still running); exiting without waiting");
            Environment.Exit(0);
        }

        SqliteConnection.ClearAllPools();
        if (!options.KeepDatabase)
        {
            Directory.Delete(directory, recursive: true);
        }

        Log($"done in {runClock.Elapsed.TotalMinutes:N1} min");
        return 0;

        static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
    }
}
