using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Webhooks;

/// <summary>HMAC checks shared by the sources; every comparison is constant-time.</summary>
internal static class WebhookSignature
{
    public static byte[] HmacSha256(string secret, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    /// <summary>
    /// Compares a base64 signature with the expected MAC as text: only the canonical encoding (standard alphabet, with its
    /// padding) matches, so a signature differing in any character, in length or in encoding is refused.
    /// </summary>
    public static bool MatchesBase64(string? presented, byte[] expected) =>
        MatchesText(presented, Convert.ToBase64String(expected));

    /// <summary>Compares <c>sha256=&lt;lowercase hex&gt;</c> with the expected MAC as text, the same way.</summary>
    public static bool MatchesPrefixedHex(string? presented, byte[] expected) =>
        MatchesText(presented, PrefixedHex(expected));

    public static string PrefixedHex(byte[] mac) => "sha256=" + Convert.ToHexStringLower(mac);

    // FixedTimeEquals answers at once for inputs of different lengths; the length of a MAC's encoding is no secret.
    private static bool MatchesText(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.ASCII.GetBytes(expected));

    /// <summary>Reads a timestamp header: Unix seconds or an ISO 8601 instant.</summary>
    public static bool TryParseTimestamp(string? value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253_402_300_800)
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp);
    }
}
