using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Orchestrator.Activities.Notifications;

/// <summary>Sends queued emails over SMTP with MailKit; one connection per message, so a dead connection never lingers.</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options)
{
    /// <summary>Sends one email with the given Message-Id (stable per outbox message, so receivers can spot a resend).</summary>
    public async Task SendAsync(EmailPayload email, string messageIdHeader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new DeliveryException($"email is not configured: set {SmtpOptions.Section}:Host", permanent: false);
        }

        var message = Build(email, messageIdHeader, settings);
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, Secure(settings.Tls), cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException ex) when (ex.StatusCode >= (SmtpStatusCode)500)
        {
            throw new DeliveryException($"SMTP server {settings.Host}:{settings.Port} refused the message: {(int)ex.StatusCode} {ex.Message}", permanent: ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted, ex);
        }
        catch (AuthenticationException ex)
        {
            throw new DeliveryException($"SMTP server {settings.Host}:{settings.Port} rejected the credentials of {settings.User}: {ex.Message}", permanent: false, ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            throw new DeliveryException($"SMTP server {settings.Host}:{settings.Port} could not take the message: {ex.Message}", permanent: false, ex);
        }
    }

    private static MimeMessage Build(EmailPayload email, string messageIdHeader, SmtpOptions settings)
    {
        var message = new MimeMessage { MessageId = messageIdHeader, Subject = email.Subject };
        try
        {
            message.From.Add(MailboxAddress.Parse(email.From ?? settings.From!));
            message.To.AddRange(email.To.Select(MailboxAddress.Parse));
            message.Cc.AddRange(email.Cc.Select(MailboxAddress.Parse));
            message.Bcc.AddRange(email.Bcc.Select(MailboxAddress.Parse));
        }
        catch (ParseException ex)
        {
            throw new DeliveryException($"email {email.MessageId} has an invalid address: {ex.Message}", permanent: true, ex);
        }

        message.Body = new TextPart(email.Html ? "html" : "plain") { Text = email.Body };
        return message;
    }

    private static SecureSocketOptions Secure(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.None => SecureSocketOptions.None,
        SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
