namespace Orchestrator.Activities.Directory;

/// <summary>Where and when a target is resolved: the account and incident in context decide roles and stakeholders.</summary>
public sealed record RecipientContext(DateTimeOffset At, string? AccountId = null, string? IncidentId = null);

/// <summary>Turns targets into the people they name at a moment (rotations change hands, roles belong to accounts).</summary>
public interface IRecipientResolver
{
    /// <summary>The people a target names, in a stable order; empty when it names nobody (never throws for an unknown id).</summary>
    ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default);
}

/// <summary>Resolves one kind of target; the <see cref="IRecipientResolver"/> picks the resolver by kind.</summary>
public interface ITargetResolver
{
    TargetKind Kind { get; }

    ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default);
}

/// <summary>Dispatches to the registered <see cref="ITargetResolver"/> for each kind; a kind nobody resolves names nobody.</summary>
public sealed class RecipientResolver(IEnumerable<ITargetResolver> resolvers) : IRecipientResolver
{
    private readonly Dictionary<TargetKind, ITargetResolver> _byKind = resolvers.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Last());

    public ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default) =>
        _byKind.TryGetValue(target.Kind, out var resolver)
            ? resolver.ResolveAsync(target, context, cancellationToken)
            : ValueTask.FromResult<IReadOnlyList<Person>>([]);
}
