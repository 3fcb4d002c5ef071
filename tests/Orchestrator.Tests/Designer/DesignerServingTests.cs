using System.Net;
using Orchestrator.Designer;
using Orchestrator.Tests.Durability;

namespace Orchestrator.Tests.Designer;

/// <summary>The designer is served whatever directory the server is started from: the build carries it beside the assembly.</summary>
public sealed class DesignerServingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("designer-serving-");

    [Fact]
    public async Task ServerProcess_StartedFromADirectoryWithoutWwwroot_ServesTheDesignerAtTheRoot()
    {
        var token = TestContext.Current.CancellationToken;
        var workflows = Directory.CreateDirectory(Path.Combine(_dir.FullName, "workflows")).FullName;
        using var server = ServerProcess.Start($"Data Source={Path.Combine(_dir.FullName, "o.db")}", workflows, _dir.FullName);
        using var client = new HttpClient { BaseAddress = server.Address };

        var page = await GetWhenUpAsync(client, "/", token);

        page.StatusCode.ShouldBe(HttpStatusCode.OK, string.Join('\n', server.Output));
        page.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync(token);
        html.ShouldContain("<title>Orchestrator</title>");
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        script.ShouldNotBeEmpty(html);
        using var bundle = await client.GetAsync(script, token);
        bundle.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void WebRoot_CurrentDirectoryHasWwwroot_KeepsTheDefault()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "here", "wwwroot"));
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "bin", "wwwroot"));

        DesignerApp.WebRoot(Path.Combine(_dir.FullName, "here"), Path.Combine(_dir.FullName, "bin")).ShouldBeNull();
        DesignerApp.WebRoot(_dir.FullName, Path.Combine(_dir.FullName, "bin")).ShouldBe(Path.Combine(_dir.FullName, "bin", "wwwroot"));
        DesignerApp.WebRoot(_dir.FullName, _dir.FullName).ShouldBeNull();
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task<HttpResponseMessage> GetWhenUpAsync(HttpClient client, string path, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                return await client.GetAsync(path, deadline.Token);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
    }
}
