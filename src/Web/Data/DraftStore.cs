using System.Globalization;
using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data;

/// <summary>
/// The dashboard's pending changes: at most one draft, a whole configuration based on a stored version. The
/// last draft read or written is kept in memory: every page, the menu and the pending badge of every browser
/// read it after each edit, and parsing its document is the dear part. Its stamp (time, author, base) is still
/// read from the database each time, so a draft written elsewhere is seen. Thread-safe; registered once.
/// </summary>
public sealed class DraftStore(SqliteDatabase database, TimeProvider timeProvider)
{
    private readonly Lock _cacheLock = new();
    private Draft? _cached;

    /// <summary>A draft: the configuration being edited and the version it started from.</summary>
    public sealed record Draft(int BaseSerial, LvsConfig Config, string UpdatedBy, DateTimeOffset UpdatedAt);

    /// <summary>The draft, or null when there are no pending changes.</summary>
    public async Task<Draft?> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stamp = await connection.QuerySingleOrDefaultAsync<(long BaseSerial, string UpdatedBy, string UpdatedAt)?>(
            new CommandDefinition("SELECT base_serial, updated_by, updated_at FROM draft WHERE id = 1", cancellationToken: cancellationToken));
        if (stamp is not { } s)
        {
            return null;
        }
        var updatedAt = DateTimeOffset.Parse(s.UpdatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        lock (_cacheLock)
        {
            if (_cached is { } cached && cached.BaseSerial == s.BaseSerial && cached.UpdatedBy == s.UpdatedBy && cached.UpdatedAt == updatedAt)
            {
                return cached;
            }
        }
        var document = await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition("SELECT document FROM draft WHERE id = 1", cancellationToken: cancellationToken));
        return document is null ? null : Remember(new Draft((int)s.BaseSerial, PiranhaJson.Deserialize(document), s.UpdatedBy, updatedAt));
    }

    private Draft Remember(Draft draft)
    {
        lock (_cacheLock)
        {
            _cached = draft;
        }
        return draft;
    }

    /// <summary>Stores the draft (replacing any previous one).</summary>
    public async Task SaveAsync(int baseSerial, LvsConfig config, string author, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var at = timeProvider.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO draft (id, base_serial, document, updated_by, updated_at) VALUES (1, @BaseSerial, @Document, @Author, @At)
            ON CONFLICT (id) DO UPDATE SET base_serial = excluded.base_serial, document = excluded.document,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """,
            new { BaseSerial = baseSerial, Document = PiranhaJson.Serialize(config), Author = author, At = at.ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
        Remember(new Draft(baseSerial, config, author, at));
    }

    /// <summary>Drops the draft.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM draft", cancellationToken: cancellationToken));
    }
}
