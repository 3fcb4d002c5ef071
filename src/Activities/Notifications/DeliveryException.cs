namespace Orchestrator.Activities.Notifications;

/// <summary>
/// A message could not be handed over. <see cref="Permanent"/> failures (a rejected address, a refused request) are not
/// retried; the others (server down, throttled) are, with back-off, until the outbox gives up.
/// </summary>
public sealed class DeliveryException : Exception
{
    public DeliveryException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException)
    {
        Permanent = permanent;
    }

    public DeliveryException()
    {
    }

    public DeliveryException(string message)
        : base(message)
    {
    }

    public DeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool Permanent { get; }
}
