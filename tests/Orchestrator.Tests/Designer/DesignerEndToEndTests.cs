using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Tests.Designer;

/// <summary>
/// The designer as a person uses it: its component tests (vitest), and a walk in Debian's Chromium driven by
/// playwright-core against the real server on a loopback port. Screenshots land in the test output's designer-e2e folder.
/// </summary>
public sealed class DesignerEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NpmTest_ComponentSuite_Passes()
    {
        var (exitCode, output) = await DesignerProcess.RunAsync("npm", "test", null, TimeSpan.FromMinutes(4), Ct);

        exitCode.ShouldBe(0, output);
        output.ShouldMatch(@"Tests\s+\d+ passed", output);
        output.ShouldNotContain(" failed", Case.Sensitive, output);
    }

    [Fact]
    public async Task Browser_BuildPublishAndRunAWorkflow_InstanceFinishesWithItsPathHighlighted()
    {
        File.Exists("/usr/bin/chromium").ShouldBeTrue("Debian's chromium is needed: apt-get install -y chromium");
        await using var api = SignInTests.Factory();
        api.UseKestrel(0);
        api.StartServer();
        var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "designer-e2e");

        var (exitCode, output) = await DesignerProcess.RunAsync(
            "node",
            "e2e/run.mjs",
            new Dictionary<string, string>
            {
                ["BASE_URL"] = address,
                ["E2E_USER"] = SignInTests.AdminUser,
                ["E2E_PASSWORD"] = SignInTests.AdminPassword,
                ["E2E_OUT"] = screenshots,
            },
            TimeSpan.FromMinutes(3),
            Ct);

        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("{\"ok\"", StringComparison.Ordinal));
        line.ShouldNotBeNull(output);
        var seen = JsonNode.Parse(line)!;
        exitCode.ShouldBe(0, line);
        seen["ok"]!.GetValue<bool>().ShouldBeTrue(line);
        seen["signedInAs"]!.GetValue<string>().ShouldContain("admin");
        seen["nodes"]!.GetValue<int>().ShouldBe(3);
        seen["edges"]!.GetValue<int>().ShouldBe(2);
        seen["status"]!.GetValue<string>().ShouldContain("Published");
        seen["instanceStatus"]!.GetValue<string>().ShouldBe("Finished");
        seen["doneNodes"]!.GetValue<int>().ShouldBe(3);
        seen["takenEdges"]!.GetValue<int>().ShouldBe(2);
        seen["firstPageMs"]!.GetValue<int>().ShouldBeLessThan(1000);
        seen["errors"]!.AsArray().ShouldBeEmpty();
        api.Lines.ShouldBe(["step 1", "step 2", "step 3"]);
        File.Exists(Path.Combine(screenshots, "03-instance.png")).ShouldBeTrue();
    }
}
