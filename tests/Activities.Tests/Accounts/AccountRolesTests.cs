using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Tests.Accounts;

public sealed class AccountRolesTests
{
    private static readonly RecipientContext Now = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private static async Task<(IRecipientResolver Resolver, IDocumentStore Store)> DirectoryAsync()
    {
        var services = new ServiceCollection();
        services.AddAccounts();
        services.AddDirectory();
        var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDocumentStore>();
        foreach (var person in new[]
        {
            new Person { Id = "alice", Name = "Alice", Roles = ["csm"] },
            new Person { Id = "bob", Name = "Bob", Roles = ["csm"] },
            new Person { Id = "ian", Name = "Ian", Roles = ["implementation-engineer"] },
        })
        {
            await store.PutAsync(PersonDocuments.Kind, person.Id, PersonDocuments.ToBody(person), cancellationToken: TestContext.Current.CancellationToken);
        }

        await PutAccountAsync(store, new Account
        {
            Id = "mercy",
            Customer = "Mercy Health",
            Segment = AccountSegments.Enterprise,
            Roles = new Dictionary<string, string> { ["csm"] = "bob", ["implementation-engineer"] = "ian" },
        });
        return (provider.GetRequiredService<IRecipientResolver>(), store);
    }

    private static ValueTask<StoredDocument> PutAccountAsync(IDocumentStore store, Account account) =>
        store.PutAsync(AccountDocuments.Kind, account.Id, AccountDocuments.ToBody(account), cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<string[]> IdsAsync(IRecipientResolver resolver, string target, string? accountId) =>
        [.. (await resolver.ResolveAsync(NotificationTarget.Parse(target), Now with { AccountId = accountId }, TestContext.Current.CancellationToken)).Select(p => p.Id)];

    [Fact]
    public async Task Resolve_RoleWithAccount_ReturnsTheAccountsHolderOnly()
    {
        var (resolver, _) = await DirectoryAsync();

        (await IdsAsync(resolver, "role:csm", "mercy")).ShouldBe(["bob"]);
        (await IdsAsync(resolver, "role:implementation-engineer", "mercy")).ShouldBe(["ian"]);
        (await IdsAsync(resolver, "role:csm", null)).ShouldBe(["alice", "bob"], "without an account every CSM in the directory is named");
    }

    [Fact]
    public async Task Resolve_RoleTheAccountDoesNotAssign_NamesNobody()
    {
        var (resolver, _) = await DirectoryAsync();

        (await IdsAsync(resolver, "role:trainer", "mercy")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Resolve_AccountCsmChanged_NextResolutionNamesTheNewCsm()
    {
        var (resolver, store) = await DirectoryAsync();
        (await IdsAsync(resolver, "role:csm", "mercy")).ShouldBe(["bob"]);

        await PutAccountAsync(store, new Account { Id = "mercy", Customer = "Mercy Health", Segment = AccountSegments.Enterprise, Roles = new Dictionary<string, string> { ["csm"] = "alice" } });

        (await IdsAsync(resolver, "role:csm", "mercy")).ShouldBe(["alice"]);
    }

    [Fact]
    public async Task FindHolders_UnknownAccount_ReturnsNullSoTheDirectoryFallbackApplies()
    {
        var services = new ServiceCollection().AddAccounts().BuildServiceProvider();
        var roles = services.GetRequiredService<IAccountRoles>();

        (await roles.FindHoldersAsync("nope", "csm", TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public void Body_RoundTrips_WithoutTheDerivedCsm()
    {
        var account = new Account
        {
            Id = "mercy",
            Customer = "Mercy Health",
            Segment = AccountSegments.Regional,
            ContractStart = new DateOnly(2026, 1, 15),
            HealthScore = 72,
            Roles = new Dictionary<string, string> { ["csm"] = "bob" },
            Contacts = [new AccountContact { Name = "Dana", Email = "dana@mercy.example", Channels = ["email"], Topics = ["qbr"] }],
        };

        var body = AccountDocuments.ToBody(account);
        var back = AccountDocuments.FromBody(body)!;

        body.ContainsKey("csmId").ShouldBeFalse();
        back.CsmId.ShouldBe("bob");
        back.ContractStart.ShouldBe(new DateOnly(2026, 1, 15));
        back.Contacts.ShouldHaveSingleItem().Topics.ShouldBe(["qbr"]);
    }

    [Theory]
    [InlineData("enterprise", "Enterprise")]
    [InlineData("Mid-market", "Mid-market")]
    [InlineData("midmarket", "Mid-market")]
    [InlineData(" SMALL ", "Small")]
    [InlineData("Huge", null)]
    public void Normalise_Segment_CanonicalSpellingOrNull(string text, string? expected) =>
        AccountSegments.Normalise(text).ShouldBe(expected);
}
