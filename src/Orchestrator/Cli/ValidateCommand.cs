using System.CommandLine;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Validation;

namespace Orchestrator.Cli;

/// <summary><c>validate FILE|DIR...</c>: one line per problem, <c>file: activityId: message</c>; exit 1 if any error.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.OneOrMore, Description = "Definition files, or directories searched for *.json" };
        var command = new Command("validate", "Check workflow definitions without running them") { paths };
        command.SetAction(parse => Execute(parse.GetValue(paths) ?? [], Console.Out));
        return command;
    }

    public static int Execute(IReadOnlyList<string> paths, TextWriter output)
    {
        var validator = new WorkflowValidator(EngineSetup.CreateActivityRegistry(), ExpressionLanguages.CreateDefault());
        var problems = validator.ValidatePaths(paths);
        foreach (var problem in problems)
        {
            output.WriteLine(problem.ToString());
        }

        return problems.Any(p => p.Severity == ProblemSeverity.Error) ? 1 : 0;
    }
}
