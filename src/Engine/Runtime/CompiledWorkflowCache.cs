using System.Runtime.CompilerServices;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Runtime;

/// <summary>Compiles each definition version once; the compiled form lives as long as the definition object.</summary>
public sealed class CompiledWorkflowCache(WorkflowCompiler compiler)
{
    private readonly ConditionalWeakTable<WorkflowDefinition, CompiledWorkflow> _compiled = [];

    public WorkflowCompiler Compiler => compiler;

    public CompiledWorkflow Get(WorkflowDefinition definition) => _compiled.GetValue(definition, compiler.Compile);
}
