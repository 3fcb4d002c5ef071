using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Engine.Validation;

/// <summary>One problem in one definition file: <c>file: activityId: message</c>.</summary>
public sealed record ValidationProblem(string File, string? ActivityId, string Message, ProblemSeverity Severity)
{
    public override string ToString() =>
        $"{File}: {ActivityId ?? "(workflow)"}: {(Severity == ProblemSeverity.Warning ? "warning: " : string.Empty)}{Message}";
}

/// <summary>
/// Checks definition files without running them: JSON that does not parse, unknown activity types,
/// connections to missing activities or ports, missing required inputs, scripts and templates that do not
/// parse, invalid cron expressions. Files checked together can use each other as activities.
/// </summary>
public sealed class WorkflowValidator(ActivityRegistry activities, ExpressionLanguages languages)
{
    /// <summary>Expands directories to their <c>*.json</c> files (recursively), in a stable order.</summary>
    public static IReadOnlyList<(string File, bool FromDirectory)> ExpandPaths(IEnumerable<string> paths, List<ValidationProblem> problems)
    {
        var files = new List<(string, bool)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => (f, true)));
            }
            else if (File.Exists(path))
            {
                files.Add((path, false));
            }
            else
            {
                problems.Add(new ValidationProblem(path, null, "no such file or directory", ProblemSeverity.Error));
            }
        }

        return files;
    }

    public IReadOnlyList<ValidationProblem> ValidatePaths(IEnumerable<string> paths)
    {
        var problems = new List<ValidationProblem>();
        var loaded = new List<WorkflowDefinition>();
        foreach (var (file, fromDirectory) in ExpandPaths(paths, problems))
        {
            try
            {
                loaded.Add(WorkflowDefinitionReader.ReadFile(file));
            }
            catch (DefinitionException ex) when (ex.NotADefinition && fromDirectory)
            {
                problems.Add(new ValidationProblem(file, null, "not a workflow definition; skipped", ProblemSeverity.Warning));
            }
            catch (DefinitionException ex)
            {
                problems.Add(new ValidationProblem(file, null, StripFile(ex.Message, file), ProblemSeverity.Error));
            }
        }

        problems.AddRange(Validate(loaded));
        return problems;
    }

    /// <summary>Validates definitions that are already read; workflows among them marked usable as activities resolve for each other.</summary>
    public IReadOnlyList<ValidationProblem> Validate(IReadOnlyList<WorkflowDefinition> definitions)
    {
        var store = new InMemoryWorkflowDefinitionStore();
        foreach (var definition in definitions)
        {
            store.SaveAsync(definition).AsTask().GetAwaiter().GetResult();
        }

        var compiler = new WorkflowCompiler(activities, languages, store);
        var problems = new List<ValidationProblem>();
        var seen = new Dictionary<(string, int), string>();
        foreach (var definition in definitions)
        {
            var file = definition.Source ?? definition.DefinitionId;
            if (!seen.TryAdd((definition.DefinitionId, definition.Version), file))
            {
                problems.Add(new ValidationProblem(file, null, $"definition '{definition.DefinitionId}' version {definition.Version} is also in {seen[(definition.DefinitionId, definition.Version)]}", ProblemSeverity.Warning));
            }

            foreach (var problem in compiler.Compile(definition).Problems)
            {
                var message = problem.Field is null ? problem.Message : $"{problem.Field}: {problem.Message}";
                problems.Add(new ValidationProblem(file, problem.ActivityId, message, problem.Severity));
            }
        }

        return problems;
    }

    private static string StripFile(string message, string file) =>
        message.StartsWith(file + ": ", StringComparison.Ordinal) ? message[(file.Length + 2)..] : message;
}
