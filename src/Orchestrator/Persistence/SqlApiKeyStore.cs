using Microsoft.EntityFrameworkCore;
using Orchestrator.Auth;

namespace Orchestrator.Persistence;

/// <summary>API keys in the database: only their hashes.</summary>
internal sealed class SqlApiKeyStore(Database database) : IApiKeyStore
{
    public async ValueTask AddAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        context.ApiKeys.Add(new ApiKeyRecord
        {
            Id = key.Id,
            Name = key.Name,
            KeyHash = key.Hash,
            Roles = string.Join(',', key.Roles),
            CreatedAt = key.CreatedAt.UtcTicks,
        });
        await context.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask<ApiKey?> FindByHashAsync(string hash, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var record = await context.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
        return record is null ? null : FromRecord(record);
    }

    public async ValueTask<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var records = await context.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return [.. records.Select(FromRecord)];
    }

    public async ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.ApiKeys.Where(k => k.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static ApiKey FromRecord(ApiKeyRecord record) => new(
        record.Id,
        record.Name,
        record.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries),
        record.KeyHash,
        new DateTimeOffset(record.CreatedAt, TimeSpan.Zero));
}
