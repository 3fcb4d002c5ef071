using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Expressions;

namespace Orchestrator.Engine.Runtime;

/// <summary>Registers the engine: activities, expression languages, compiler, runner, runtime and in-memory stores.</summary>
public static class EngineServiceCollectionExtensions
{
    public static EngineBuilder AddEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions();
        configure?.Invoke(options);
        var builder = new EngineBuilder(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(builder.Activities);
        services.TryAddSingleton(builder.Languages);
        services.TryAddSingleton<IWorkflowDefinitionStore, InMemoryWorkflowDefinitionStore>();
        services.TryAddSingleton<IWorkflowInstanceStore, InMemoryWorkflowInstanceStore>();
        services.TryAddSingleton<IBookmarkStore, InMemoryBookmarkStore>();
        services.TryAddSingleton<ITriggerStore, InMemoryTriggerStore>();
        services.TryAddSingleton(sp => new WorkflowCompiler(sp.GetRequiredService<ActivityRegistry>(), sp.GetRequiredService<ExpressionLanguages>(), sp.GetRequiredService<IWorkflowDefinitionStore>()));
        services.TryAddSingleton(sp => new WorkflowRunner(sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<EngineOptions>()));
        services.TryAddSingleton<CompiledWorkflowCache>();
        services.TryAddSingleton<IWorkflowCommitter, StoreCommitter>();
        services.TryAddSingleton<IInstanceLock, InProcessInstanceLock>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<IWorkflowInvoker>(sp => sp.GetRequiredService<WorkflowRuntime>());
        return builder;
    }
}

/// <summary>Adds activity types and expression languages to the engine; fails at once on duplicates.</summary>
public sealed class EngineBuilder
{
    internal EngineBuilder(IServiceCollection services)
    {
        Services = services;
        Activities = ActivityRegistry.CreateDefault();
        Languages = ExpressionLanguages.CreateDefault();
    }

    public IServiceCollection Services { get; }

    public ActivityRegistry Activities { get; }

    public ExpressionLanguages Languages { get; }

    public EngineBuilder AddActivity<TActivity>()
        where TActivity : Activity, new()
    {
        Activities.Register<TActivity>();
        return this;
    }

    public EngineBuilder AddActivitiesFrom(Assembly assembly)
    {
        Activities.RegisterAssembly(assembly);
        return this;
    }

    public EngineBuilder AddExpressionLanguage(IExpressionEvaluator evaluator)
    {
        Languages.Add(evaluator);
        return this;
    }
}
