using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Tests.Directory;

public sealed class TargetResolverTests
{
    private static readonly RecipientContext Now = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private static async Task<(IRecipientResolver Resolver, IDocumentStore Store)> DirectoryAsync(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        services.AddDirectory();
        var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDocumentStore>();
        foreach (var person in new[]
        {
            new Person { Id = "ann", Name = "Ann", Email = "ann@example.com", Tier = "L1", Roles = ["support-agent"] },
            new Person { Id = "bob", Name = "Bob", Email = "bob@example.com", Tier = "L2", Roles = ["support-agent", "csm"] },
            new Person { Id = "cho", Name = "Cho", Phone = "+6591234567", Tier = "l2", Roles = ["CSM", "manager"] },
        })
        {
            await store.PutAsync(PersonDocuments.Kind, person.Id, PersonDocuments.ToBody(person), cancellationToken: TestContext.Current.CancellationToken);
        }

        return (provider.GetRequiredService<IRecipientResolver>(), store);
    }

    private static async Task<string[]> IdsAsync(IRecipientResolver resolver, string target, RecipientContext? context = null) =>
        [.. (await resolver.ResolveAsync(NotificationTarget.Parse(target), context ?? Now, TestContext.Current.CancellationToken)).Select(p => p.Id)];

    [Fact]
    public async Task Resolve_Person_ReturnsThatPersonOrNobody()
    {
        var (resolver, _) = await DirectoryAsync();

        (await IdsAsync(resolver, "person:bob")).ShouldBe(["bob"]);
        (await IdsAsync(resolver, "person:nobody")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Resolve_Tier_ReturnsEveryoneOnThatTierIgnoringCase()
    {
        var (resolver, _) = await DirectoryAsync();

        (await IdsAsync(resolver, "tier:L2")).ShouldBe(["bob", "cho"]);
        (await IdsAsync(resolver, "tier:L3")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Resolve_RoleWithoutAccount_ReturnsEveryoneWithTheRole()
    {
        var (resolver, _) = await DirectoryAsync();

        (await IdsAsync(resolver, "role:csm")).ShouldBe(["bob", "cho"]);
        (await IdsAsync(resolver, "role:manager")).ShouldBe(["cho"]);
    }

    [Fact]
    public async Task Resolve_RoleWithAccountAndAccountRoles_ReturnsTheAccountsHolders()
    {
        var (resolver, _) = await DirectoryAsync(s => s.AddSingleton<IAccountRoles>(new FixedAccountRoles("acme", "csm", ["cho"])));

        (await IdsAsync(resolver, "role:csm", Now with { AccountId = "acme" })).ShouldBe(["cho"]);
        (await IdsAsync(resolver, "role:csm", Now with { AccountId = "unknown-account" })).ShouldBe(["bob", "cho"]);
    }

    [Theory]
    [InlineData("email:ops@example.com", "ops@example.com", null, "email")]
    [InlineData("sms:+6598765432", null, "+6598765432", "sms")]
    public async Task Resolve_RawAddress_ReturnsAStandInReachableOnThatChannelOnly(string target, string? email, string? phone, string channel)
    {
        var (resolver, _) = await DirectoryAsync();

        var person = (await resolver.ResolveAsync(NotificationTarget.Parse(target), Now, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        person.Email.ShouldBe(email);
        person.Phone.ShouldBe(phone);
        person.Channels.ShouldBe([channel]);
        person.Locale.ShouldBe("en");
    }

    [Fact]
    public void PersonDocuments_Body_IsCamelCaseAndRoundTrips()
    {
        var person = new Person { Id = "ann", Name = "Ann", UrgentChannels = ["sms"], ManagerId = "bob" };

        var body = PersonDocuments.ToBody(person);

        body["urgentChannels"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["sms"]);
        body["managerId"]!.GetValue<string>().ShouldBe("bob");
        var read = PersonDocuments.FromBody(body).ShouldNotBeNull();
        (read.Id, read.Name, read.ManagerId, read.Locale).ShouldBe(("ann", "Ann", "bob", "en"));
        read.UrgentChannels.ShouldBe(["sms"]);
    }

    private sealed class FixedAccountRoles(string accountId, string role, IReadOnlyList<string> holders) : IAccountRoles
    {
        public ValueTask<IReadOnlyList<string>?> FindHoldersAsync(string account, string wanted, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(account == accountId && wanted == role ? holders : null);
    }
}
