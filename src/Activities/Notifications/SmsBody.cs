using System.Globalization;

namespace Orchestrator.Activities.Notifications;

/// <summary>
/// Twilio refuses a <c>Body</c> longer than 1600 characters, and an escalation page that is refused reaches nobody, so a
/// longer text is cut rather than failed: at a character boundary (never between the two halves of a surrogate pair),
/// ending in a visible ellipsis. Length is counted in UTF-16 code units, which is never less than Twilio's count.
/// </summary>
public static class SmsBody
{
    public const int MaxLength = 1600;

    public const char Ellipsis = '\u2026';

    /// <summary>The text as sent: unchanged when it fits, otherwise its first characters and an ellipsis, 1600 at most.</summary>
    public static string Fit(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length <= MaxLength)
        {
            return body;
        }

        var keep = MaxLength - 1;
        if (char.IsHighSurrogate(body[keep - 1]))
        {
            keep--;
        }

        return string.Concat(body.AsSpan(0, keep), [Ellipsis]);
    }

    /// <summary>What the journal and the delivery record say about a text that had to be cut.</summary>
    public static string ShortenedNote(string where, int originalLength, int sentLength) =>
        string.Create(CultureInfo.InvariantCulture, $"{where}: {originalLength} characters, more than Twilio's {MaxLength}; sent shortened to {sentLength} characters ending in '{Ellipsis}'");
}
