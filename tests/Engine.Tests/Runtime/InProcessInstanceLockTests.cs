using Orchestrator.Engine.Runtime;

namespace Orchestrator.Engine.Tests.Runtime;

public sealed class InProcessInstanceLockTests
{
    [Fact]
    public async Task Acquire_SameInstance_WaitsForTheHolder()
    {
        var locks = new InProcessInstanceLock();
        var first = await locks.AcquireAsync("a", TestContext.Current.CancellationToken);

        var second = locks.AcquireAsync("a", TestContext.Current.CancellationToken).AsTask();
        var other = await locks.AcquireAsync("b", TestContext.Current.CancellationToken);

        second.IsCompleted.ShouldBeFalse();
        await first.DisposeAsync();
        await using (await second)
        {
            locks.ActiveCount.ShouldBe(2);
        }

        await other.DisposeAsync();
        locks.ActiveCount.ShouldBe(0);
    }

    [Fact]
    public async Task Acquire_ManyConcurrentHolders_NeverOverlapAndLeaveNothingBehind()
    {
        var locks = new InProcessInstanceLock();
        var inside = 0;
        var overlaps = 0;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            await using (await locks.AcquireAsync("same", TestContext.Current.CancellationToken))
            {
                if (Interlocked.Increment(ref inside) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }
        }));

        overlaps.ShouldBe(0);
        locks.ActiveCount.ShouldBe(0);
    }

    [Fact]
    public async Task Acquire_CancelledWhileWaiting_LeavesNoEntry()
    {
        var locks = new InProcessInstanceLock();
        var holder = await locks.AcquireAsync("a", TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();

        var waiting = locks.AcquireAsync("a", cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(waiting);
        await holder.DisposeAsync();
        locks.ActiveCount.ShouldBe(0);
    }
}
