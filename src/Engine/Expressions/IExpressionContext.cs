namespace Orchestrator.Engine.Expressions;

/// <summary>What an expression can see of, and change in, the running workflow.</summary>
/// <remarks>
/// Values follow the engine's value model (see <see cref="Values.ValueModel"/>): null, string, bool,
/// numbers, <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>, <see cref="Guid"/>, or a
/// <see cref="System.Text.Json.Nodes.JsonNode"/> for objects and arrays. Scripts get copies, never live objects.
/// </remarks>
public interface IExpressionContext
{
    string WorkflowInstanceId { get; }

    string WorkflowDefinitionId { get; }

    int WorkflowVersion { get; }

    string? CorrelationId { get; set; }

    string? WorkflowInstanceName { get; set; }

    /// <summary>Names of the variables visible from the evaluating activity, innermost scope first.</summary>
    IReadOnlyList<string> VariableNames { get; }

    bool TryGetVariable(string name, out object? value);

    /// <summary>Sets a visible variable; throws <see cref="ExpressionException"/> when no variable has that name.</summary>
    void SetVariable(string name, object? value);

    /// <summary>Names of the inputs of the current workflow scope (a workflow used as an activity has its own).</summary>
    IReadOnlyCollection<string> InputNames { get; }

    bool TryGetInput(string name, out object? value);

    /// <summary>The item of the enclosing ForEach / ParallelForEach, if any.</summary>
    bool TryGetCurrentValue(out object? value);

    /// <summary>Outputs already produced by named activities of this run: (activity name, output name).</summary>
    IReadOnlyList<(string ActivityName, string OutputName)> ActivityOutputs { get; }

    bool TryGetActivityOutput(string activityName, string outputName, out object? value);

    /// <summary>The result of the activity that ran last in this scope, if any.</summary>
    object? LastResult { get; }

    /// <summary>Sets the outcomes of the evaluating activity (RunJavaScript's <c>setOutcome(s)</c>).</summary>
    void SetOutcomes(IReadOnlyList<string> outcomes);

    TimeProvider TimeProvider { get; }

    /// <summary>
    /// The host's services, where expression languages find what the host adds to them
    /// (<see cref="JavaScript.IJavaScriptFunctions"/>); null when the context has none.
    /// </summary>
    IServiceProvider? Services => null;

    CancellationToken CancellationToken { get; }
}
