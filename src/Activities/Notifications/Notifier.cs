using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Notifications;

/// <summary>
/// Resolves targets to people, picks each person's channels, renders the template per channel in the person's locale
/// and queues one outbox message per person and channel.
/// </summary>
internal sealed class Notifier(IRecipientResolver recipients, MessageTemplates templates) : INotifier
{
    public async ValueTask<IReadOnlyList<QueuedMessage>> NotifyAsync(ActivityExecutionContext context, NotifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = context.CancellationToken;
        var at = new RecipientContext(context.TimeProvider.GetUtcNow(), request.AccountId, request.IncidentId);
        var people = new List<Person>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in request.Targets)
        {
            var resolved = await recipients.ResolveAsync(target, at, cancellationToken);
            if (resolved.Count == 0)
            {
                context.JournalNote($"target '{target}' names nobody");
            }

            people.AddRange(resolved.Where(p => seen.Add(p.Id)));
        }

        var queued = new List<QueuedMessage>();
        foreach (var person in people)
        {
            var channels = ChooseChannels(person, request.Urgent, request.Channels);
            if (channels.Count == 0)
            {
                context.JournalNote($"{person.Id} has no address on the channels chosen ({string.Join(", ", request.Channels ?? person.Channels)}); not notified");
                continue;
            }

            var recipient = new JsonObject { ["id"] = person.Id, ["name"] = person.Name, ["locale"] = person.Locale };
            foreach (var channel in channels)
            {
                var rendered = await templates.RenderAsync(request.Template, channel, person.Locale, request.Model, recipient, cancellationToken);
                var messageId = OutboxPayloads.MessageId(context, request.Key, person.Id, channel);
                var address = channel == NotificationChannels.Email ? person.Email! : person.Phone!;
                var payload = channel == NotificationChannels.Email
                    ? OutboxPayloads.ToJson(new EmailPayload(messageId, null, [address], [], [], rendered.Subject ?? string.Empty, rendered.Body, rendered.Html))
                    : OutboxPayloads.ToJson(Sms(context, messageId, address, request.Template, person.Id, rendered.Body));
                payload["template"] = request.Template;
                payload["locale"] = rendered.Locale;
                payload["personId"] = person.Id;
                context.AddOutboxMessage(channel, messageId, payload);
                queued.Add(new QueuedMessage(messageId, channel, person.Id, address));
            }
        }

        return queued;
    }

    private static SmsPayload Sms(ActivityExecutionContext context, string messageId, string address, string template, string personId, string body)
    {
        var sent = SmsBody.Fit(body);
        if (sent.Length == body.Length)
        {
            return new SmsPayload(messageId, address, body);
        }

        context.JournalNote(SmsBody.ShortenedNote($"template '{template}' (sms) for {personId}", body.Length, sent.Length));
        return new SmsPayload(messageId, address, sent, body.Length);
    }

    /// <summary>
    /// Urgent messages go on the person's urgent channels (all channels they have an address for when none are set);
    /// others on their preferred channels (email when none are set). A restriction from the request is applied last,
    /// and channels without an address are dropped.
    /// </summary>
    internal static IReadOnlyList<string> ChooseChannels(Person person, bool urgent, IReadOnlyList<string>? restrict)
    {
        IEnumerable<string> chosen = urgent
            ? person.UrgentChannels.Count > 0 ? person.UrgentChannels : NotificationChannels.All
            : person.Channels.Count > 0 ? person.Channels : [NotificationChannels.Email];
        if (restrict is not null)
        {
            chosen = chosen.Where(c => restrict.Contains(c, StringComparer.OrdinalIgnoreCase));
        }

        return [.. chosen.Select(c => c.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Where(c => HasAddress(person, c))];
    }

    private static bool HasAddress(Person person, string channel) => channel switch
    {
        NotificationChannels.Email => !string.IsNullOrWhiteSpace(person.Email),
        NotificationChannels.Sms => !string.IsNullOrWhiteSpace(person.Phone),
        _ => false,
    };
}
