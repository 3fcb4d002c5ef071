using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Engine.Runtime;
using Orchestrator.Health;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Health;

public sealed class RunPathWarmUpTests
{
    [Fact]
    public async Task WarmUp_HostStarted_RunsTheFlowchartWithoutStoringAnything()
    {
        var token = TestContext.Current.CancellationToken;
        using var factory = new ApiFactory();
        using var client = factory.Client();
        var warmUp = factory.Services.GetServices<IHostedService>().OfType<RunPathWarmUp>().ShouldHaveSingleItem();
        var runtime = factory.Services.GetRequiredService<WorkflowRuntime>();
        var before = (await runtime.Instances.QueryAsync(new InstanceQuery(), token)).Total;

        var ran = await warmUp.WarmUpAsync(token);

        ran.ShouldBeTrue();
        (await runtime.Instances.QueryAsync(new InstanceQuery(), token)).Total.ShouldBe(before);
        (await runtime.Definitions.FindLatestAsync("orchestrator-warm-up", token)).ShouldBeNull();
        factory.Lines.ShouldBeEmpty();
    }
}
