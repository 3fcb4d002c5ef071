using System.Net;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_ServerStarted_ReportsDatabaseAndSchedulerWithoutAKey()
    {
        using var factory = new ApiFactory();
        using var anonymous = factory.Client(apiKey: null);

        var response = await anonymous.GetAsync("/health", TestContext.Current.CancellationToken);
        var body = await response.ReadJsonAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body["status"]!.GetValue<string>().ShouldBe("Healthy");
        body["checks"]!["database"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        body["checks"]!["database"]!["description"]!.GetValue<string>().ShouldStartWith("Sqlite:");
        body["checks"]!["scheduler"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
    }
}
