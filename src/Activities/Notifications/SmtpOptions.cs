using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Orchestrator.Activities.Notifications;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpTlsMode
{
    /// <summary>Plain text (a local relay, a test server).</summary>
    None,

    /// <summary>Upgrade with STARTTLS; fail when the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on connect for port 465, STARTTLS when offered otherwise.</summary>
    Auto,
}

/// <summary>Configuration section <c>Orchestrator:Smtp</c>. Without a host, email is not sent (messages wait and then fail).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Orchestrator:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpTlsMode Tls { get; set; } = SmtpTlsMode.Auto;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender for messages that name none, e.g. <c>Support &lt;support@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>How long to wait for the server on connect and each command.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"{SmtpOptions.Section}:Port must be between 1 and 65535, not {options.Port}");
        }

        if (string.IsNullOrWhiteSpace(options.From) || !MailAddress.TryCreate(options.From, out _))
        {
            errors.Add($"{SmtpOptions.Section}:From must be an email address (the sender of messages that name none), not '{options.From}'");
        }

        if (string.IsNullOrEmpty(options.User) != string.IsNullOrEmpty(options.Password))
        {
            errors.Add($"{SmtpOptions.Section}:User and Password go together: set both or neither");
        }

        if (!Enum.IsDefined(options.Tls))
        {
            errors.Add($"{SmtpOptions.Section}:Tls must be None, StartTls, SslOnConnect or Auto");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{SmtpOptions.Section}:Timeout must be longer than zero");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
