using System.Globalization;
using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data;

/// <summary><see cref="IConfigRepository"/> on SQLite with Dapper: one row per version, the model as JSON.</summary>
public sealed class SqliteConfigRepository(SqliteDatabase database, TimeProvider timeProvider) : IConfigRepository
{
    private const string InfoColumns = "serial, author, created_at AS CreatedAt, summary, virtual_server_count AS VirtualServerCount, " +
                                       "real_server_count AS RealServerCount, restored_from AS RestoredFrom";
    private const string LatestSerialQuery = "SELECT COALESCE(MAX(serial), 0) FROM config_versions";

    /// <inheritdoc />
    public async Task<ConfigVersion> GetLatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {InfoColumns}, document FROM config_versions ORDER BY serial DESC LIMIT 1", cancellationToken: cancellationToken));
        return row?.ToVersion() ?? ConfigVersion.Initial;
    }

    /// <inheritdoc />
    public async Task<int> GetLatestSerialAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(LatestSerialQuery, cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public async Task<ConfigVersion?> GetAsync(int serial, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {InfoColumns}, document FROM config_versions WHERE serial = @serial", new { serial }, cancellationToken: cancellationToken));
        return row?.ToVersion();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConfigVersionInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {InfoColumns} FROM config_versions ORDER BY serial DESC", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToInfo())];
    }

    /// <inheritdoc />
    public async Task<ConfigVersionInfo> SaveAsync(LvsConfig config, int? basedOn, string author, string summary, int? restoredFrom,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // BEGIN IMMEDIATE (deferred: false) takes the write lock before the latest serial is read, so two saves
        // based on the same version cannot both pass the check.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var latest = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            LatestSerialQuery, transaction: transaction, cancellationToken: cancellationToken));
        if (basedOn is { } expected && expected != latest)
        {
            throw new ConfigVersionConflictException(expected, latest);
        }
        var info = new ConfigVersionInfo(latest + 1, author, timeProvider.GetUtcNow(), summary,
            config.VirtualServers.Count, config.VirtualServers.Sum(v => v.RealServers.Count), restoredFrom);
        var document = PiranhaJson.Serialize(config with { SerialNo = info.Serial });
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO config_versions (serial, author, created_at, summary, document, virtual_server_count, real_server_count, restored_from)
            VALUES (@Serial, @Author, @CreatedAt, @Summary, @Document, @VirtualServerCount, @RealServerCount, @RestoredFrom)
            """,
            new
            {
                info.Serial, info.Author, CreatedAt = info.CreatedAt.ToString("O", CultureInfo.InvariantCulture), info.Summary, Document = document,
                info.VirtualServerCount, info.RealServerCount, info.RestoredFrom,
            },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return info;
    }

    // Dapper maps columns onto settable properties; the public records stay immutable.
    private sealed class VersionRow
    {
        public long Serial { get; set; }
        public string Author { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string Summary { get; set; } = "";
        public long VirtualServerCount { get; set; }
        public long RealServerCount { get; set; }
        public long? RestoredFrom { get; set; }
        public string? Document { get; set; }

        public ConfigVersionInfo ToInfo() => new(
            (int)Serial, Author, DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), Summary,
            (int)VirtualServerCount, (int)RealServerCount, (int?)RestoredFrom);

        public ConfigVersion ToVersion()
        {
            var config = PiranhaJson.Deserialize(Document ?? throw new InvalidOperationException($"version {Serial} was read without its document"));
            return new ConfigVersion(ToInfo(), config with { SerialNo = (int)Serial });
        }
    }
}
