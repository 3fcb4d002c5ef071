using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Tests.Accounts;

public sealed class ContactTargetResolverTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static async Task<IRecipientResolver> DirectoryAsync()
    {
        var services = new ServiceCollection();
        services.AddAccounts();
        services.AddDirectory();
        var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDocumentStore>();
        var dana = new Person { Id = "dana", Name = "Dana", Email = "dana@acme.example", Phone = "+6591234567", Locale = "de-DE" };
        await store.PutAsync(PersonDocuments.Kind, dana.Id, PersonDocuments.ToBody(dana), cancellationToken: TestContext.Current.CancellationToken);
        var account = new Account
        {
            Id = "acme",
            Customer = "Acme Health",
            Segment = AccountSegments.Enterprise,
            Locale = "en-SG",
            Contacts =
            [
                new AccountContact { PersonId = "dana", Role = "technical", Topics = ["incidents"], Channels = ["sms"] },
                new AccountContact { Name = "Sam", Email = "sam@acme.example", Role = "executive", Topics = ["qbr", "ticket-updates"] },
                new AccountContact { Name = "Ops", Email = "ops@acme.example", Role = "technical" },
            ],
        };
        await store.PutAsync(AccountDocuments.Kind, account.Id, AccountDocuments.ToBody(account), cancellationToken: TestContext.Current.CancellationToken);
        return provider.GetRequiredService<IRecipientResolver>();
    }

    private static async Task<IReadOnlyList<Person>> ResolveAsync(string target, string? accountInContext = null) =>
        await (await DirectoryAsync()).ResolveAsync(NotificationTarget.Parse(target), new RecipientContext(At, accountInContext), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Resolve_NamedAccount_EveryContactOnTheirOwnChannelsAndLocale()
    {
        var people = await ResolveAsync("contacts:acme");

        people.Select(p => p.Id).ShouldBe(["dana", "contact:acme:sam@acme.example", "contact:acme:ops@acme.example"]);
        people[0].Channels.ShouldBe(["sms"], "Dana prefers SMS on this account");
        people[0].UrgentChannels.ShouldBe(["sms"], "customers are told on their own channels, never paged on all of them");
        people[0].Phone.ShouldBe("+6591234567", "a contact that is a person brings the person's addresses");
        people[0].Locale.ShouldBe("de-DE");
        people[1].Channels.ShouldBe(["email"]);
        people[1].Locale.ShouldBe("en-SG", "without a locale of their own, the account's");
    }

    [Fact]
    public async Task Resolve_TopicFilter_LeavesOutContactsWhoDoNotWantIt()
    {
        (await ResolveAsync("contacts:acme?topic=incidents")).Select(p => p.Id).ShouldBe(["dana", "contact:acme:ops@acme.example"], "Sam wants QBRs and ticket updates only; Ops has no topics, so everything");
        (await ResolveAsync("contacts:acme?topic=ticket-updates")).Select(p => p.Id).ShouldBe(["contact:acme:sam@acme.example", "contact:acme:ops@acme.example"]);
    }

    [Fact]
    public async Task Resolve_RoleAndTopicFilter_BothApply()
    {
        (await ResolveAsync("contacts:acme?role=technical&topic=incidents")).Select(p => p.Id).ShouldBe(["dana", "contact:acme:ops@acme.example"]);
        (await ResolveAsync("contacts:acme?role=Executive")).Select(p => p.Id).ShouldBe(["contact:acme:sam@acme.example"]);
    }

    [Fact]
    public async Task Resolve_BareContacts_UsesTheAccountInContext()
    {
        (await ResolveAsync("contacts?role=executive", accountInContext: "acme")).Select(p => p.Id).ShouldBe(["contact:acme:sam@acme.example"]);
        (await ResolveAsync("contacts")).ShouldBeEmpty("no account named and none in context");
    }

    [Fact]
    public async Task Resolve_UnknownAccount_NamesNobody()
    {
        (await ResolveAsync("contacts:nobody")).ShouldBeEmpty();
    }
}
