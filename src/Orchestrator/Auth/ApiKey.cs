using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Auth;

/// <summary>A stored API key: never the key itself, only its SHA-256 hash.</summary>
internal sealed record ApiKey(string Id, string Name, IReadOnlyList<string> Roles, string Hash, DateTimeOffset CreatedAt);

/// <summary>Making and hashing API key secrets.</summary>
internal static class ApiKeySecret
{
    private const string Prefix = "orch_";

    /// <summary>A new key: 256 random bits, so a fast hash is enough to store it safely.</summary>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The lowercase hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
