using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Activities.Notifications;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;

namespace Orchestrator.Notifications;

/// <summary>What one dispatch did with one message.</summary>
internal enum DispatchOutcome
{
    Sent,
    Retrying,
    DeadLettered,
}

/// <summary>
/// Sends the outbox: claims each due message with one conditional update (so two dispatchers never both send it),
/// hands it to SMTP or Twilio, records the attempt, backs off on transient failures and dead-letters after
/// <see cref="OutboxOptions.MaxAttempts"/> or on a permanent failure. Sending is at least once: a crash between
/// handing over and recording lets the claim expire and the message go again, with the same Message-Id.
/// Then it tells the waiting activity through <see cref="DeliveryStimulus"/>.
/// </summary>
internal sealed partial class OutboxDispatcher(
    Database database,
    IServiceProvider services,
    WorkflowRuntime runtime,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    IOptions<TwilioOptions> twilio,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>Sends every message due now; returns what happened to each, by outbox id.</summary>
    public async Task<IReadOnlyDictionary<string, DispatchOutcome>> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcTicks;
        List<OutboxRecord> due;
        await using (var context = database.CreateContext())
        {
            due = await context.Outbox.AsNoTracking()
                .Where(o => (o.Status == OutboxStatus.Pending || o.Status == OutboxStatus.Sending) && o.NextAttemptAt <= now)
                .OrderBy(o => o.NextAttemptAt).ThenBy(o => o.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
        }

        var outcomes = new Dictionary<string, DispatchOutcome>(StringComparer.Ordinal);
        foreach (var message in due)
        {
            if (await ClaimAsync(message, cancellationToken) is { } attempt)
            {
                outcomes[message.Id] = await SendAsync(message, attempt, cancellationToken);
            }
        }

        return outcomes;
    }

    private async Task<int?> ClaimAsync(OutboxRecord message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowTicks = now.UtcTicks;
        var leaseEnd = (now + options.Value.ClaimTimeout).UtcTicks;
        await using var context = database.CreateContext();
        var claimed = await context.Outbox
            .Where(o => o.Id == message.Id && (o.Status == OutboxStatus.Pending || o.Status == OutboxStatus.Sending) && o.NextAttemptAt <= nowTicks && o.Attempts == message.Attempts)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OutboxStatus.Sending).SetProperty(o => o.Attempts, o => o.Attempts + 1).SetProperty(o => o.NextAttemptAt, leaseEnd), cancellationToken);
        return claimed == 1 ? message.Attempts + 1 : null;
    }

    private async Task<DispatchOutcome> SendAsync(OutboxRecord message, int attempt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var messageId = message.IdempotencyKey;
        try
        {
            var (providerId, providerStatus, final) = await HandOverAsync(message, cancellationToken);
            await using (var context = database.CreateContext())
            {
                await context.Outbox.Where(o => o.Id == message.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OutboxStatus.Sent).SetProperty(o => o.ProviderId, providerId).SetProperty(o => o.DeliveryStatus, providerStatus).SetProperty(o => o.LastError, (string?)null), cancellationToken);
                await RecordAttemptAsync(context, message.Id, attempt, "sent", null, cancellationToken);
            }

            LogSent(message.Channel, message.Id, attempt);
            if (final)
            {
                await ReportAsync(messageId, DeliveryStimulus.Delivered, null);
            }

            return DispatchOutcome.Sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var permanent = ex is not DeliveryException { Permanent: false };
            var error = ex is DeliveryException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            var deadLetter = permanent || attempt >= settings.MaxAttempts;
            var next = time.GetUtcNow() + Backoff(attempt);
            await using (var context = database.CreateContext())
            {
                var status = deadLetter ? OutboxStatus.Failed : OutboxStatus.Pending;
                var nextTicks = next.UtcTicks;
                await context.Outbox.Where(o => o.Id == message.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, status).SetProperty(o => o.NextAttemptAt, nextTicks).SetProperty(o => o.LastError, error), CancellationToken.None);
                await RecordAttemptAsync(context, message.Id, attempt, deadLetter ? "dead-lettered" : "retrying", error, CancellationToken.None);
            }

            if (!deadLetter)
            {
                LogRetrying(message.Channel, message.Id, attempt, next, error);
                return DispatchOutcome.Retrying;
            }

            LogDeadLettered(message.Channel, message.Id, attempt, error);
            await ReportAsync(messageId, DeliveryStimulus.NotDelivered, error);
            return DispatchOutcome.DeadLettered;
        }
    }

    /// <summary>Sends one message; <c>final</c> when nothing more will be heard of it (an SMS with a status callback waits for Twilio's report).</summary>
    private async Task<(string? ProviderId, string ProviderStatus, bool Final)> HandOverAsync(OutboxRecord message, CancellationToken cancellationToken)
    {
        switch (message.Channel)
        {
            case NotificationChannels.Email:
                var email = OutboxPayloads.ReadEmail(message.Payload);
                await services.GetRequiredService<SmtpEmailSender>().SendAsync(email, MessageIdHeader(message, email), cancellationToken);
                return (null, "sent", true);
            case NotificationChannels.Sms:
                var sms = OutboxPayloads.ReadSms(message.Payload);
                var callback = StatusCallback(twilio.Value.StatusCallbackUrl, message.IdempotencyKey);
                var sent = await services.GetRequiredService<TwilioClient>().SendAsync(sms, callback, cancellationToken);
                return (sent.Sid, sent.Status, callback is null);
            default:
                throw new DeliveryException($"outbox message {message.Id} is on channel '{message.Channel}', which nothing sends (known: {string.Join(", ", NotificationChannels.All)})", permanent: true);
        }
    }

    /// <summary>The status callback carries the message id as <c>ref</c>: a report that overtakes the stored SID still finds its message.</summary>
    internal static Uri? StatusCallback(Uri? configured, string messageId) =>
        configured is null ? null : new UriBuilder(configured) { Query = $"ref={Uri.EscapeDataString(messageId)}" }.Uri;

    /// <summary>Stable per outbox row: a resend carries the same Message-Id, so mail systems can drop the duplicate.</summary>
    internal static string MessageIdHeader(OutboxRecord message, EmailPayload email)
    {
        var domain = "orchestrator.local";
        if (email.From is { } from && MailAddress.TryCreate(from, out var address))
        {
            domain = address.Host;
        }

        return $"{message.Id}@{domain}";
    }

    private TimeSpan Backoff(int attempt)
    {
        var settings = options.Value;
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.RetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
        return delay;
    }

    private async Task RecordAttemptAsync(OrchestratorDbContext context, string outboxId, int attempt, string outcome, string? error, CancellationToken cancellationToken)
    {
        context.OutboxAttempts.Add(new OutboxAttemptRecord { OutboxId = outboxId, Attempt = attempt, At = time.GetUtcNow().UtcTicks, Outcome = outcome, Error = error });
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Resumes whatever waits on the message; a failure here never undoes the send (the outbox row holds the truth).</summary>
    internal async Task ReportAsync(string messageId, string status, string? error)
    {
        try
        {
            await runtime.DeliverAsync(DeliveryStimulus.Name, messageId, null, DeliveryStimulus.Input(messageId, status, error), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReportFailed(ex, messageId, status);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Channel} message {OutboxId} (attempt {Attempt})")]
    private partial void LogSent(string channel, string outboxId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Channel} message {OutboxId} failed (attempt {Attempt}); next try at {NextAt}: {Error}")]
    private partial void LogRetrying(string channel, string outboxId, int attempt, DateTimeOffset nextAt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on {Channel} message {OutboxId} after attempt {Attempt}: {Error}")]
    private partial void LogDeadLettered(string channel, string outboxId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reporting {Status} for message {MessageId} to its workflow failed")]
    private partial void LogReportFailed(Exception exception, string messageId, string status);
}
