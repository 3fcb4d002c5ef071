using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Escalation;

/// <summary>Settings for the signed links put into pages (section <c>Orchestrator:Links</c>).</summary>
public sealed class AcknowledgeLinkOptions
{
    public const string Section = "Orchestrator:Links";

    /// <summary>The HMAC key; when empty, one is generated at first start and kept in the document store.</summary>
    public string? Secret { get; set; }

    /// <summary>Where responders reach the server: the links start with it.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>How long a link in a page stays valid.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>What checking a signed link found.</summary>
public enum LinkCheck
{
    Valid,
    BadSignature,
    Expired,
}

/// <summary>
/// Signed acknowledge links: <c>/api/escalations/{key}/acknowledge?by=&amp;exp=&amp;sig=</c>, where <c>sig</c> is the lowercase
/// hex HMAC-SHA256 of <c>key|by|exp</c> (exp in Unix seconds) under the server secret. Anyone holding the link can
/// acknowledge as that person until it expires, so it goes only into that person's page.
/// </summary>
public sealed class AcknowledgeLinks(IDocumentStore documents, IOptions<AcknowledgeLinkOptions> options, TimeProvider time)
{
    public const string SettingKind = "setting";
    public const string SecretDocumentId = "links-secret";

    private string? _secret;

    public TimeSpan Lifetime => options.Value.Lifetime;

    /// <summary>The configured secret, else the stored one, else a new random one stored for every node and restart.</summary>
    public async ValueTask<string> SecretAsync(CancellationToken cancellationToken = default)
    {
        if (_secret is { } known)
        {
            return known;
        }

        if (options.Value.Secret is { Length: > 0 } configured)
        {
            return _secret = configured;
        }

        for (var attempt = 0; ; attempt++)
        {
            if ((await documents.GetAsync(SettingKind, SecretDocumentId, cancellationToken))?.Body["secret"]?.GetValue<string>() is { Length: > 0 } stored)
            {
                return _secret = stored;
            }

            var generated = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            try
            {
                await documents.PutAsync(SettingKind, SecretDocumentId, new JsonObject { ["secret"] = generated }, 0, cancellationToken);
                return _secret = generated;
            }
            catch (DocumentConflictException) when (attempt < 3)
            {
                // Another node stored one first: use theirs.
            }
        }
    }

    public async ValueTask<string> CreateAsync(string escalationKey, string personId, DateTimeOffset expires, CancellationToken cancellationToken = default)
    {
        var exp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = Sign(await SecretAsync(cancellationToken), escalationKey, personId, exp);
        return $"{options.Value.BaseUrl.TrimEnd('/')}/api/escalations/{Uri.EscapeDataString(escalationKey)}/acknowledge?by={Uri.EscapeDataString(personId)}&exp={exp}&sig={sig}";
    }

    public async ValueTask<LinkCheck> VerifyAsync(string escalationKey, string personId, string exp, string sig, CancellationToken cancellationToken = default)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(await SecretAsync(cancellationToken), escalationKey, personId, exp));
        var given = Encoding.ASCII.GetBytes(sig.ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return LinkCheck.BadSignature;
        }

        return long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && time.GetUtcNow().ToUnixTimeSeconds() < seconds
            ? LinkCheck.Valid
            : LinkCheck.Expired;
    }

    public static string Sign(string secret, string escalationKey, string personId, string exp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{escalationKey}|{personId}|{exp}")));
}
