using Orchestrator.Activities.Directory;

namespace Orchestrator.Activities.Tests.Directory;

public sealed class NotificationTargetTests
{
    [Theory]
    [InlineData("person:alice", TargetKind.Person, "alice")]
    [InlineData("rotation:l2-primary", TargetKind.Rotation, "l2-primary")]
    [InlineData("tier:l2", TargetKind.Tier, "L2")]
    [InlineData(" role:csm ", TargetKind.Role, "csm")]
    [InlineData("Stakeholders", TargetKind.Stakeholders, "")]
    [InlineData("email:ops@example.com", TargetKind.Address, "email:ops@example.com")]
    [InlineData("sms:+6591234567", TargetKind.Address, "sms:+6591234567")]
    public void Parse_KnownKinds(string text, TargetKind kind, string id)
    {
        var target = NotificationTarget.Parse(text);

        target.ShouldBe(new NotificationTarget(kind, id));
        NotificationTarget.Parse(target.ToString()).ShouldBe(target);
    }

    [Theory]
    [InlineData("", "a target is empty")]
    [InlineData("alice", "target 'alice' has no id")]
    [InlineData("person:", "target 'person:' has no id")]
    [InlineData("team:l2", "target 'team:l2' has an unknown kind 'team'")]
    public void TryParse_Malformed_SaysWhatIsWrong(string text, string error)
    {
        NotificationTarget.TryParse(text, out var target, out var message).ShouldBeFalse();

        target.ShouldBeNull();
        message.ShouldStartWith(error);
    }

    [Fact]
    public async Task Resolver_KindWithoutAResolver_NamesNobody()
    {
        var resolver = new RecipientResolver([]);

        var people = await resolver.ResolveAsync(new NotificationTarget(TargetKind.Rotation, "l2"), new RecipientContext(DateTimeOffset.UnixEpoch), TestContext.Current.CancellationToken);

        people.ShouldBeEmpty();
    }
}

public sealed class ContactTargetParsingTests
{
    [Theory]
    [InlineData("contacts", "contacts")]
    [InlineData("contacts:acme", "contacts:acme")]
    [InlineData("contacts?topic=incidents", "contacts?topic=incidents")]
    [InlineData("Contacts:acme?role=technical&topic=incidents", "contacts:acme?role=technical&topic=incidents")]
    public void TryParse_ContactTargets_RoundTrip(string text, string expected)
    {
        NotificationTarget.TryParse(text, out var target, out var error).ShouldBeTrue(error);

        target.Kind.ShouldBe(TargetKind.Contacts);
        target.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("contacts:acme?colour=blue", "unknown contact filter 'colour'")]
    [InlineData("contacts:acme?role=", "contact filter 'role' has no value")]
    public void TryParse_BadContactFilter_SaysWhatIsWrong(string text, string expected)
    {
        NotificationTarget.TryParse(text, out _, out var error).ShouldBeFalse();

        error.ShouldContain(expected);
    }

    [Fact]
    public void Parse_ContactFilter_ReadsAccountRoleAndTopic()
    {
        ContactFilter.Parse("acme?role=technical&topic=incidents").ShouldBe(new ContactFilter("acme", "technical", "incidents"));
        ContactFilter.Parse("?topic=ticket-updates").ShouldBe(new ContactFilter(null, null, "ticket-updates"));
    }
}
