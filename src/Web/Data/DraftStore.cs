using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data;

/// <summary>
/// Each user's pending changes: at most one draft per user, a whole configuration based on a stored version. The
/// last draft read or written of each user is kept in memory: the pages, the menu and the pending badge read it after
/// each edit, and parsing its document is the dear part. Its stamp (time, base) is still read from the database each
/// time, so a draft written elsewhere is seen. Thread-safe; registered once.
/// </summary>
public sealed class DraftStore(StoreDatabase database, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Draft> _cached = new(StringComparer.Ordinal);

    /// <summary>A draft: whose it is, the configuration being edited and the version it is based on.</summary>
    public sealed record Draft(string Owner, int BaseSerial, LvsConfig Config, DateTimeOffset UpdatedAt);

    /// <summary><paramref name="owner"/>'s draft, or null when they have no pending changes.</summary>
    public async Task<Draft?> GetAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stamp = await connection.QuerySingleOrDefaultAsync<(long BaseSerial, string UpdatedAt)?>(
            new CommandDefinition("SELECT base_serial, updated_at FROM drafts WHERE owner = @owner", new { owner }, cancellationToken: cancellationToken));
        if (stamp is not { } s)
        {
            return null;
        }
        var updatedAt = DateTimeOffset.Parse(s.UpdatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        if (_cached.TryGetValue(owner, out var cached) && cached.BaseSerial == s.BaseSerial && cached.UpdatedAt == updatedAt)
        {
            return cached;
        }
        var document = await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition("SELECT document FROM drafts WHERE owner = @owner", new { owner }, cancellationToken: cancellationToken));
        return document is null ? null : _cached[owner] = new Draft(owner, (int)s.BaseSerial, PiranhaJson.Deserialize(document), updatedAt);
    }

    /// <summary>Stores <paramref name="owner"/>'s draft (replacing their previous one).</summary>
    public async Task SaveAsync(string owner, int baseSerial, LvsConfig config, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var at = timeProvider.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO drafts (owner, base_serial, document, updated_at) VALUES (@Owner, @BaseSerial, @Document, @At)
            ON CONFLICT (owner) DO UPDATE SET base_serial = excluded.base_serial, document = excluded.document, updated_at = excluded.updated_at
            """,
            new { Owner = owner, BaseSerial = baseSerial, Document = PiranhaJson.Serialize(config), At = at.ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
        _cached[owner] = new Draft(owner, baseSerial, config, at);
    }

    /// <summary>Drops <paramref name="owner"/>'s draft.</summary>
    public async Task DeleteAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM drafts WHERE owner = @owner", new { owner }, cancellationToken: cancellationToken));
        _cached.TryRemove(owner, out _);
    }
}
