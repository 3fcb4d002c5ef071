using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Primitives;

[Activity("Elsa.WriteLine", Category = "Primitives", DisplayName = "Write line", Description = "Writes a line of text to the standard output.")]
public sealed class WriteLine : Activity
{
    [Input(Description = "The text to write.", UIHint = "singleline")]
    public Input<string> Text { get; set; } = Input<string>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var text = await context.EvaluateAsync(Text);
        var writer = context.GetService<StandardOutput>()?.Writer ?? Console.Out;
        writer.WriteLine(text);
        await context.CompleteAsync();
    }
}
