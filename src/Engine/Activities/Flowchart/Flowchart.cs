using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Flowchart;

/// <summary>
/// A graph of activities joined by connections from outcome ports. When an activity completes, each
/// connection from one of its outcomes carries a token to its target. A target with one inbound connection
/// runs per token; one with several is a join, whose rule depends on the flowchart mode (see <see cref="JoinRule"/>).
/// The flowchart completes when nothing inside it is scheduled, running or waiting.
/// </summary>
[Activity("Elsa.Flowchart", Category = "Flow", DisplayName = "Flowchart", Description = "A graph of activities joined by outcome ports.")]
public sealed class Flowchart : Activity
{
    private Activity[] _nodes = [];
    private FlowConnection[] _connections = [];
    private int[][] _outbound = [];
    private int[][] _inbound = [];
    private JoinRule[] _counterRules = [];
    private JoinRule[] _tokenRules = [];
    private int _start = -1;

    public override IReadOnlyList<Activity> Children => _nodes;

    public IReadOnlyList<FlowConnection> Connections => _connections;

    /// <summary>The activity a run starts with, when no trigger says otherwise.</summary>
    public Activity? StartActivity => _start >= 0 ? _nodes[_start] : null;

    protected internal override void Configure(ActivityConfigurator configurator)
    {
        configurator.DeclareVariables(configurator.Json["variables"]);
        _nodes = [.. configurator.GetActivities("activities")];
        _connections = ReadConnections(configurator);
        _outbound = BuildIndex(c => c.Source);
        _inbound = BuildIndex(c => c.Target);
        _start = FindStart(configurator);
        _counterRules = new JoinRule[_nodes.Length];
        _tokenRules = new JoinRule[_nodes.Length];
        for (var i = 0; i < _nodes.Length; i++)
        {
            _counterRules[i] = StaticRule(i, FlowchartMode.Counter, configurator);
            _tokenRules[i] = StaticRule(i, FlowchartMode.Token, configurator);
        }
    }

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (_nodes.Length == 0)
        {
            return context.CompleteAsync();
        }

        var state = new FlowchartState(_nodes.Length);
        context.State = state;
        var start = _start;
        if (context.Execution.TriggerActivity is { } trigger && ReferenceEquals(trigger.Parent, this))
        {
            start = trigger.Slot;
        }

        Schedule(context, state, start);
        return default;
    }

    protected internal override async ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        var state = (FlowchartState)context.State!;
        var node = child.Activity.Slot;
        state.Active[node]--;
        state.ActiveTotal--;

        await RouteAsync(context, state, node, child.Outcomes);

        if (state.Waiting is { Count: > 0 })
        {
            await ReevaluateWaitingAsync(context, state);
        }

        if (state.ActiveTotal == 0 && context.Status == ActivityStatus.Running)
        {
            await context.CompleteAsync();
        }
    }

    /// <summary>
    /// A running child fired ports: their connections carry tokens as on completion, but the child stays active, so
    /// the flowchart does not complete and joins still count its branch as live.
    /// </summary>
    protected internal override ValueTask OnChildOutcomeAsync(ActivityExecutionContext context, ActivityExecutionContext child, Outcomes outcomes) =>
        context.State is FlowchartState state && context.Status == ActivityStatus.Running
            ? RouteAsync(context, state, child.Activity.Slot, outcomes)
            : default;

    private async ValueTask RouteAsync(ActivityExecutionContext context, FlowchartState state, int node, Outcomes outcomes)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var outbound = _outbound[node];
        for (var i = 0; i < outbound.Length; i++)
        {
            if (outcomes.Contains(_connections[outbound[i]].SourcePort))
            {
                await OnTokenAsync(context, state, outbound[i], MoreTokensFollow(outbound, i, outcomes));
            }
        }
    }

    protected internal override void OnChildCancelled(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        if (context.State is FlowchartState state)
        {
            state.Active[child.Activity.Slot]--;
            state.ActiveTotal--;
        }
    }

    protected internal override void WriteState(Utf8JsonWriter writer, object state)
    {
        var s = (FlowchartState)state;
        writer.WriteStartObject();
        WriteInts(writer, "active", s.Active);
        if (s.Tokens is { } tokens)
        {
            WriteInts(writer, "tokens", tokens);
        }

        if (s.Waiting is { Count: > 0 } waiting)
        {
            WriteInts(writer, "waiting", [.. waiting]);
        }

        writer.WriteEndObject();
    }

    protected internal override object? ReadState(JsonElement element)
    {
        var state = new FlowchartState(_nodes.Length);
        if (element.TryGetProperty("active", out var active))
        {
            var i = 0;
            foreach (var item in active.EnumerateArray())
            {
                if (i < state.Active.Length)
                {
                    state.Active[i] = item.GetInt32();
                    state.ActiveTotal += state.Active[i];
                }

                i++;
            }
        }

        if (element.TryGetProperty("tokens", out var tokens))
        {
            state.Tokens = [.. tokens.EnumerateArray().Select(t => t.GetInt32())];
        }

        if (element.TryGetProperty("waiting", out var waiting))
        {
            state.Waiting = [.. waiting.EnumerateArray().Select(t => t.GetInt32())];
        }

        return state;
    }

    private static void WriteInts(Utf8JsonWriter writer, string name, int[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    private void Schedule(ActivityExecutionContext context, FlowchartState state, int node)
    {
        state.Active[node]++;
        state.ActiveTotal++;
        context.ScheduleChild(_nodes[node]);
    }

    /// <param name="moreToCome">The same completion sends another token to this target: count this one and decide on the last, so a join runs once per completion.</param>
    private async ValueTask OnTokenAsync(ActivityExecutionContext context, FlowchartState state, int connection, bool moreToCome)
    {
        var target = _connections[connection].Target;
        var rule = await RuleOfAsync(context, target);
        if (rule == JoinRule.EachToken)
        {
            Schedule(context, state, target);
            return;
        }

        var tokens = state.Tokens ??= new int[_connections.Length];
        tokens[connection]++;
        if (moreToCome)
        {
            return;
        }

        if (IsReady(state, target, rule))
        {
            Fire(context, state, target, rule);
        }
        else if (rule == JoinRule.WaitAllLive && (state.Waiting ??= []).IndexOf(target) < 0)
        {
            state.Waiting.Add(target);
        }
    }

    /// <summary>True when a later connection in <paramref name="outbound"/> taken by the same outcomes leads to the same target.</summary>
    private bool MoreTokensFollow(int[] outbound, int index, Outcomes outcomes)
    {
        var target = _connections[outbound[index]].Target;
        for (var i = index + 1; i < outbound.Length; i++)
        {
            var later = _connections[outbound[i]];
            if (later.Target == target && outcomes.Contains(later.SourcePort))
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask ReevaluateWaitingAsync(ActivityExecutionContext context, FlowchartState state)
    {
        foreach (var target in state.Waiting!.ToArray())
        {
            var rule = await RuleOfAsync(context, target);
            if (IsReady(state, target, rule))
            {
                Fire(context, state, target, rule);
            }
        }
    }

    private bool IsReady(FlowchartState state, int target, JoinRule rule)
    {
        var tokens = state.Tokens!;
        switch (rule)
        {
            case JoinRule.FirstToken:
                return true;
            case JoinRule.WaitAll:
                foreach (var connection in _inbound[target])
                {
                    if (tokens[connection] == 0)
                    {
                        return false;
                    }
                }

                return true;
            default:
                foreach (var connection in _inbound[target])
                {
                    if (tokens[connection] == 0 && IsLive(state, _connections[connection].Source, target))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    private void Fire(ActivityExecutionContext context, FlowchartState state, int target, JoinRule rule)
    {
        var tokens = state.Tokens!;
        foreach (var connection in _inbound[target])
        {
            tokens[connection] = rule == JoinRule.WaitAll ? tokens[connection] - 1 : 0;
        }

        state.Waiting?.Remove(target);
        if (rule == JoinRule.FirstToken)
        {
            CancelLiveAncestors(context, state, target);
        }

        Schedule(context, state, target);
    }

    /// <summary>
    /// True when work still pending in the flowchart can reach <paramref name="source"/> without passing
    /// through <paramref name="target"/>: the branch may yet deliver a token, so a join waits for it.
    /// </summary>
    private bool IsLive(FlowchartState state, int source, int target)
    {
        if (state.ActiveTotal == 0)
        {
            return false;
        }

        Span<bool> visited = _nodes.Length <= 256 ? stackalloc bool[_nodes.Length] : new bool[_nodes.Length];
        Span<int> stack = _nodes.Length <= 256 ? stackalloc int[_nodes.Length] : new int[_nodes.Length];
        var top = 0;
        stack[top++] = source;
        visited[source] = true;
        while (top > 0)
        {
            var node = stack[--top];
            if (state.Active[node] > 0)
            {
                return true;
            }

            foreach (var connection in _inbound[node])
            {
                var upstream = _connections[connection].Source;
                if (upstream != target && !visited[upstream])
                {
                    visited[upstream] = true;
                    stack[top++] = upstream;
                }
            }
        }

        return false;
    }

    /// <summary>A race was won: cancel pending work upstream of the target's other inbound branches.</summary>
    private void CancelLiveAncestors(ActivityExecutionContext context, FlowchartState state, int target)
    {
        var losers = new HashSet<int>();
        var stack = new Stack<int>();
        foreach (var connection in _inbound[target])
        {
            stack.Push(_connections[connection].Source);
        }

        var visited = new HashSet<int>();
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node == target || !visited.Add(node))
            {
                continue;
            }

            if (state.Active[node] > 0)
            {
                losers.Add(node);
            }

            foreach (var connection in _inbound[node])
            {
                stack.Push(_connections[connection].Source);
            }
        }

        if (losers.Count == 0)
        {
            return;
        }

        foreach (var child in context.ChildContexts.ToArray())
        {
            if (ReferenceEquals(child.Activity.Parent, this) && losers.Contains(child.Activity.Slot))
            {
                context.CancelChild(child);
            }
        }
    }

    private ValueTask<JoinRule> RuleOfAsync(ActivityExecutionContext context, int target)
    {
        var rules = context.Options.FlowchartMode == FlowchartMode.Counter ? _counterRules : _tokenRules;
        var rule = rules[target];
        if (rule != JoinRule.Dynamic)
        {
            return new ValueTask<JoinRule>(rule);
        }

        return DynamicRuleAsync(context, (FlowJoin)_nodes[target]);
    }

    private static async ValueTask<JoinRule> DynamicRuleAsync(ActivityExecutionContext context, FlowJoin join) =>
        FlowJoin.ToRule(await context.EvaluateAsync(join.Mode));

    private JoinRule StaticRule(int node, FlowchartMode mode, ActivityConfigurator configurator)
    {
        if (_nodes[node] is FlowJoin join)
        {
            if (_inbound[node].Length <= 1)
            {
                return JoinRule.EachToken;
            }

            return join.Mode.IsConstant ? FlowJoin.ToRule(join.Mode.Constant) : JoinRule.Dynamic;
        }

        if (_inbound[node].Length <= 1)
        {
            return JoinRule.EachToken;
        }

        if (mode == FlowchartMode.Counter)
        {
            return JoinRule.WaitAllLive;
        }

        var mergeMode = _nodes[node].MergeMode;
        switch (mergeMode?.ToUpperInvariant())
        {
            case null or "" or "STREAM" or "NONE" or "CASCADE":
                return JoinRule.EachToken;
            case "MERGE":
                return JoinRule.WaitAllLive;
            case "CONVERGE":
                return JoinRule.WaitAll;
            case "RACE":
                return JoinRule.FirstToken;
            default:
                configurator.Report("connections", $"activity '{_nodes[node].Id}' has an unknown mergeMode '{mergeMode}'; it is treated as Stream", ProblemSeverity.Warning);
                return JoinRule.EachToken;
        }
    }

    private FlowConnection[] ReadConnections(ActivityConfigurator configurator)
    {
        var result = new List<FlowConnection>();
        if (configurator.Json["connections"] is not JsonArray array)
        {
            return [];
        }

        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Length; i++)
        {
            byId.TryAdd(_nodes[i].Id, i);
        }

        var index = 0;
        foreach (var item in array)
        {
            index++;
            if (item is not JsonObject connection)
            {
                continue;
            }

            string? sourceId, sourcePort, targetId, targetPort;
            if (connection["source"] is JsonObject source)
            {
                sourceId = JsonRead.GetString(source, "activity");
                sourcePort = JsonRead.GetString(source, "port");
                var target = connection["target"] as JsonObject;
                targetId = JsonRead.GetString(target, "activity");
                targetPort = JsonRead.GetString(target, "port");
            }
            else
            {
                sourceId = JsonRead.GetString(connection, "source");
                sourcePort = JsonRead.GetString(connection, "sourcePort");
                targetId = JsonRead.GetString(connection, "target");
                targetPort = JsonRead.GetString(connection, "targetPort");
            }

            var where = $"connection {index}";
            if (sourceId is null || !byId.TryGetValue(sourceId, out var sourceNode))
            {
                configurator.Report("connections", $"{where}: source activity '{sourceId}' does not exist in flowchart '{Id}'");
                continue;
            }

            if (targetId is null || !byId.TryGetValue(targetId, out var targetNode))
            {
                configurator.Report("connections", $"{where}: target activity '{targetId}' does not exist in flowchart '{Id}'");
                continue;
            }

            sourcePort ??= "Done";
            if (!configurator.AcceptsOutcome(_nodes[sourceNode], sourcePort))
            {
                configurator.Report("connections", $"{where}: activity '{sourceId}' ({_nodes[sourceNode].Type}) has no outcome port '{sourcePort}'");
            }

            if (targetPort is not null && !string.Equals(targetPort, "In", StringComparison.Ordinal))
            {
                configurator.Report("connections", $"{where}: activity '{targetId}' has no input port '{targetPort}' (only 'In')");
            }

            result.Add(new FlowConnection(sourceNode, sourcePort, targetNode));
        }

        return [.. result];
    }

    private int[][] BuildIndex(Func<FlowConnection, int> key)
    {
        var lists = new List<int>[_nodes.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            lists[i] = [];
        }

        for (var i = 0; i < _connections.Length; i++)
        {
            lists[key(_connections[i])].Add(i);
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    private int FindStart(ActivityConfigurator configurator)
    {
        if (_nodes.Length == 0)
        {
            return -1;
        }

        if (JsonRead.GetString(configurator.Json, "start") is { } startId)
        {
            var index = Array.FindIndex(_nodes, n => n.Id == startId);
            if (index >= 0)
            {
                return index;
            }

            configurator.Report("start", $"start activity '{startId}' does not exist; the flowchart starts elsewhere", ProblemSeverity.Warning);
        }

        var start = Array.FindIndex(_nodes, n => n is Primitives.Start);
        if (start < 0)
        {
            start = Array.FindIndex(_nodes, n => n.CanStartWorkflow);
        }

        if (start < 0)
        {
            start = Array.FindIndex(_nodes, n => _inbound[n.Slot].Length == 0);
        }

        return start < 0 ? 0 : start;
    }
}

/// <summary>A connection between two activities of a flowchart, by node index.</summary>
public readonly record struct FlowConnection(int Source, string SourcePort, int Target);

/// <summary>When a flowchart runs an activity that tokens arrive at.</summary>
internal enum JoinRule
{
    /// <summary>Once per arriving token (single inbound connection; token-mode Stream, the default, and Cascade).</summary>
    EachToken,

    /// <summary>Once every inbound branch that can still deliver has delivered; dead and untaken paths never block (counter-mode implicit joins, Merge, WaitAllActive).</summary>
    WaitAllLive,

    /// <summary>Once every inbound connection carries a token, taken or not (Converge, FlowJoin WaitAll).</summary>
    WaitAll,

    /// <summary>On the first token; pending work on the other inbound branches is cancelled (Race, FlowJoin WaitAny).</summary>
    FirstToken,

    /// <summary>A FlowJoin whose mode is an expression, evaluated when a token arrives.</summary>
    Dynamic,
}

internal sealed class FlowchartState(int nodes)
{
    public int[] Active { get; } = new int[nodes];

    public int ActiveTotal { get; set; }

    public int[]? Tokens { get; set; }

    public List<int>? Waiting { get; set; }
}
