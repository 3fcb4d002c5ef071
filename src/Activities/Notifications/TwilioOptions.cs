using Microsoft.Extensions.Options;

namespace Orchestrator.Activities.Notifications;

/// <summary>Configuration section <c>Orchestrator:Twilio</c>. Without an account SID, text messages are not sent.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Orchestrator:Twilio";

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>The sending number (E.164); or use <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>The REST API's base address; tests point it at a fake.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");

    /// <summary>
    /// The public address of <c>/webhooks/twilio/status</c> as Twilio reaches it; the signature covers this exact URL.
    /// Without it, a message counts as delivered once Twilio accepts it.
    /// </summary>
    public Uri? StatusCallbackUrl { get; set; }

    /// <summary>HTTP retries within one send on 429 and 5xx (after that the outbox retries later).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay, doubled each time, unless Twilio sends Retry-After.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid);
}

internal sealed class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            errors.Add($"{TwilioOptions.Section}:AuthToken is required with an AccountSid");
        }

        if (string.IsNullOrWhiteSpace(options.From) == string.IsNullOrWhiteSpace(options.MessagingServiceSid))
        {
            errors.Add($"{TwilioOptions.Section}: set exactly one of From (a number in E.164) and MessagingServiceSid");
        }

        if (!options.BaseUrl.IsAbsoluteUri)
        {
            errors.Add($"{TwilioOptions.Section}:BaseUrl must be an absolute URL");
        }

        if (options.StatusCallbackUrl is { IsAbsoluteUri: false })
        {
            errors.Add($"{TwilioOptions.Section}:StatusCallbackUrl must be an absolute URL (the address Twilio calls)");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{TwilioOptions.Section}:MaxRetries must be between 0 and 10");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"{TwilioOptions.Section}:RetryDelay must not be negative");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
