using System.Globalization;
using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data;

/// <summary>The dashboard's pending changes: at most one draft, a whole configuration based on a stored version.</summary>
public sealed class DraftStore(SqliteDatabase database, TimeProvider timeProvider)
{
    /// <summary>A draft: the configuration being edited and the version it started from.</summary>
    public sealed record Draft(int BaseSerial, LvsConfig Config, string UpdatedBy, DateTimeOffset UpdatedAt);

    /// <summary>The draft, or null when there are no pending changes.</summary>
    public async Task<Draft?> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long BaseSerial, string Document, string UpdatedBy, string UpdatedAt)?>(
            new CommandDefinition("SELECT base_serial, document, updated_by, updated_at FROM draft WHERE id = 1", cancellationToken: cancellationToken));
        return row is { } r
            ? new Draft((int)r.BaseSerial, PiranhaJson.Deserialize(r.Document), r.UpdatedBy,
                DateTimeOffset.Parse(r.UpdatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
            : null;
    }

    /// <summary>Stores the draft (replacing any previous one).</summary>
    public async Task SaveAsync(int baseSerial, LvsConfig config, string author, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO draft (id, base_serial, document, updated_by, updated_at) VALUES (1, @BaseSerial, @Document, @Author, @At)
            ON CONFLICT (id) DO UPDATE SET base_serial = excluded.base_serial, document = excluded.document,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """,
            new { BaseSerial = baseSerial, Document = PiranhaJson.Serialize(config), Author = author, At = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Drops the draft.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM draft", cancellationToken: cancellationToken));
    }
}
