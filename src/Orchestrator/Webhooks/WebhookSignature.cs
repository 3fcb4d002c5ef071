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

    /// <summary>Compares a base64 signature with the expected MAC; malformed base64 is simply a mismatch.</summary>
    public static bool MatchesBase64(string? presented, byte[] expected)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var buffer = new byte[presented.Length];
        return Convert.TryFromBase64String(presented.Trim(), buffer, out var written)
            && CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, written), expected);
    }

    /// <summary>Compares <c>sha256=&lt;hex&gt;</c> with the expected MAC.</summary>
    public static bool MatchesPrefixedHex(string? presented, byte[] expected)
    {
        const string Prefix = "sha256=";
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(presented.AsSpan(Prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(bytes, expected);
    }

    public static string PrefixedHex(byte[] mac) => "sha256=" + Convert.ToHexStringLower(mac);

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
