using System.Collections.Concurrent;

namespace Orchestrator.Auth;

/// <summary>API keys by id and by hash.</summary>
internal interface IApiKeyStore
{
    ValueTask AddAsync(ApiKey key, CancellationToken cancellationToken = default);

    ValueTask<ApiKey?> FindByHashAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Every key, oldest first.</summary>
    ValueTask<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default);

    ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}

internal sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKey> _keys = new(StringComparer.Ordinal);

    public ValueTask AddAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        if (!_keys.TryAdd(key.Id, key))
        {
            throw new InvalidOperationException($"an API key with id '{key.Id}' already exists");
        }

        return default;
    }

    public ValueTask<ApiKey?> FindByHashAsync(string hash, CancellationToken cancellationToken = default) =>
        new(_keys.Values.FirstOrDefault(k => ApiKeySecret.HashesEqual(k.Hash, hash)));

    public ValueTask<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default) =>
        new([.. _keys.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)]);

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        new(_keys.TryRemove(id, out _));
}
