using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Tests.Http;

/// <summary>
/// A small real Kestrel server on 127.0.0.1 with a port the OS picks: <c>/ok</c> answers 200 JSON, <c>/missing</c>
/// 404, and <c>/hang</c> holds the request until the client gives up (it signals <see cref="HangReached"/> first).
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _hangReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestHttpServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Completes when a request has reached <c>/hang</c>.</summary>
    public Task HangReached => _hangReached.Task;

    public static async Task<TestHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new TestHttpServer(app);
        app.MapGet("/ok", () => Results.Json(new { status = "ok", count = 3 }));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/hang", async (CancellationToken aborted) =>
        {
            server._hangReached.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, aborted);
            return Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
