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
