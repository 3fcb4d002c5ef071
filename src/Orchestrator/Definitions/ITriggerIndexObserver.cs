namespace Orchestrator.Definitions;

/// <summary>Told when a definition's indexed triggers changed (published, retracted, deleted, imported), e.g. to reschedule timed starts.</summary>
internal interface ITriggerIndexObserver
{
    Task OnTriggersChangedAsync(string definitionId, CancellationToken cancellationToken);
}
