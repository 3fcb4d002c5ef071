using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Auth;
using Orchestrator.Testing;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Designer;

/// <summary>
/// The incident console in Chromium (<c>e2e/incidents.mjs</c>) against the real server: an incident commander declares
/// an incident with the keyboard, posts a status update and sees who the run paged and who acknowledged.
/// </summary>
public sealed class IncidentConsoleEndToEndTests
{
    private const string CommanderPassword = "commander-password-for-ida";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Browser_CommanderDeclaresPostsAnUpdateAndSeesThePageAcknowledged_FitsAt1280x800()
    {
        File.Exists("/usr/bin/chromium").ShouldBeTrue("Debian's chromium is needed: apt-get install -y chromium");
        var workflows = Directory.CreateTempSubdirectory("orchestrator-console-workflows-");
        try
        {
            foreach (var file in new[] { "emergency-response.json", "security-incident.json" })
            {
                File.Copy(Path.Combine(RepositoryPaths.Root, "workflows", file), Path.Combine(workflows.FullName, file));
            }

            await using var api = new ApiFactory(b =>
            {
                b.UseSetting("Orchestrator:Auth:BootstrapAdmin:User", SignInTests.AdminUser);
                b.UseSetting("Orchestrator:Auth:BootstrapAdmin:Password", SignInTests.AdminPassword);
                b.UseSetting("Orchestrator:WorkflowFolders:0", workflows.FullName);
                b.UseSetting("Orchestrator:Outbox:Enabled", "false");
            });
            api.UseKestrel(0);
            api.StartServer();

            // The browser counts ages and due times from its own clock: the server's fake clock starts at the same instant.
            api.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
            var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

            // The commander's user is named after their person id, so the declare form picks them as commander.
            using var admin = api.Client();
            await PersonAsync(admin, "ida", new { name = "Ida Commander", email = "ida@clinic.example", roles = new[] { "incident-commander" } });
            await PersonAsync(admin, "tan", new { name = "Tan Level3", email = "tan@clinic.example", roles = new[] { "support-engineer" }, tier = "L3" });
            await PersonAsync(admin, "max", new { name = "Max Manager", email = "max@clinic.example", roles = new[] { "manager" } });
            using (var account = await admin.PostJsonAsync("/api/accounts", new { id = "acme", customer = "Acme Clinics", segment = "Enterprise" }))
            {
                await account.ShouldHaveStatusAsync(HttpStatusCode.Created);
            }

            using (var user = await admin.PostJsonAsync("/api/users", new { name = "ida", password = CommanderPassword, roles = new[] { Roles.IncidentCommander } }))
            {
                await user.ShouldHaveStatusAsync(HttpStatusCode.Created);
            }

            // Tan's own key: it acknowledges for Tan only, as the signed link in his page would.
            using var key = await admin.PostAsJsonAsync("/api/api-keys", new { name = "person:tan", roles = new[] { Roles.Viewer } }, Ct);
            key.EnsureSuccessStatusCode();
            var tanKey = (await key.Content.ReadFromJsonAsync<JsonObject>(Ct))!["key"]!.GetValue<string>();

            var (exitCode, output) = await DesignerProcess.RunAsync(
                "node",
                "e2e/incidents.mjs",
                new Dictionary<string, string>
                {
                    ["BASE_URL"] = address,
                    ["E2E_USER"] = "ida",
                    ["E2E_PASSWORD"] = CommanderPassword,
                    ["E2E_RESPONDER_KEY"] = tanKey,
                    ["E2E_RESPONDER"] = "Tan Level3",
                    ["E2E_OUT"] = Path.Combine(AppContext.BaseDirectory, "designer-e2e"),
                },
                TimeSpan.FromMinutes(3),
                Ct);

            var line = output.Split('\n').LastOrDefault(l => l.StartsWith("{\"ok\"", StringComparison.Ordinal));
            line.ShouldNotBeNull(output);
            var seen = JsonNode.Parse(line)!;
            exitCode.ShouldBe(0, line);
            seen["ok"]!.GetValue<bool>().ShouldBeTrue(line);
            seen["commander"]!.GetValue<string>().ShouldBe("ida", line);
            seen["accountsSelected"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["acme"], line);
            seen["declareFocus"]!.GetValue<string>().ShouldBe("Declare", line);
            seen["phase"]!.GetValue<string>().ShouldBe("Immediate (0–15 min)", line);
            seen["pagedPeople"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldContain("Tan Level3", line);
            seen["pagedPeople"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldContain("Ida Commander", line);
            seen["ackStatus"]!.GetValue<int>().ShouldBe(202, line);
            seen["acknowledgements"]!.GetValue<string>().ShouldContain("Tan Level3", Case.Sensitive, line);
            seen["listRow"]!.GetValue<string>().ShouldContain("Ida Commander", Case.Sensitive, line);
            seen["overflowingPages"]!.AsArray().ShouldBeEmpty(line);

            // What the browser did is what the server holds: the declaration, the update and Tan's acknowledgement.
            var incidentId = Uri.UnescapeDataString(seen["incidentUrl"]!.GetValue<string>().Split('/').Last());
            var engagement = await admin.GetJsonAsync($"/api/incidents/{incidentId}/engagement");
            engagement["commander"]!["id"]!.GetValue<string>().ShouldBe("ida");
            engagement["accounts"]!.AsArray().ShouldHaveSingleItem()!["id"]!.GetValue<string>().ShouldBe("acme");
            engagement["statusUpdates"]!["history"]!.AsArray().ShouldHaveSingleItem()!["text"]!.GetValue<string>().ShouldBe("Failover to the standby region has started.");
            var acknowledgement = engagement["acknowledgements"]!.AsArray().ShouldHaveSingleItem()!;
            acknowledgement["by"]!.GetValue<string>().ShouldBe("tan");
            DateTimeOffset.Parse(acknowledgement["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(api.Clock.GetUtcNow());
        }
        finally
        {
            workflows.Delete(recursive: true);
        }
    }

    private static async Task PersonAsync(HttpClient admin, string id, object person)
    {
        using var response = await admin.PutAsJsonAsync($"/api/people/{id}", person, Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));
    }
}
