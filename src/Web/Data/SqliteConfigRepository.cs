using System.Globalization;
using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data;

/// <summary>
/// <see cref="IConfigRepository"/> on SQLite with Dapper: one row per version, the model as JSON. The newest
/// version this instance saved or read is kept in memory, because reading it back means parsing the whole
/// document (17 ms at 1,000 virtual servers) and every save and every push to a director starts from it; the
/// latest serial is still asked of the database each time, so versions saved by other processes are seen.
/// Thread-safe; registered once per process.
/// </summary>
public sealed class SqliteConfigRepository(SqliteDatabase database, TimeProvider timeProvider) : IConfigRepository
{
    private readonly Lock _latestLock = new();
    private ConfigVersion? _latest;

    private const string InfoColumns = "serial, author, created_at AS CreatedAt, summary, virtual_server_count AS VirtualServerCount, " +
                                       "real_server_count AS RealServerCount, restored_from AS RestoredFrom";
    private const string LatestSerialQuery = "SELECT COALESCE(MAX(serial), 0) FROM config_versions";

    /// <inheritdoc />
    public async Task<ConfigVersion> GetLatestAsync(CancellationToken cancellationToken)
    {
        var serial = await GetLatestSerialAsync(cancellationToken);
        return serial == 0 ? ConfigVersion.Initial : await GetAsync(serial, cancellationToken) ?? ConfigVersion.Initial;
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
        if (Latest is { } latest && latest.Info.Serial == serial)
        {
            return latest;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {InfoColumns}, document FROM config_versions WHERE serial = @serial", new { serial }, cancellationToken: cancellationToken));
        return row is null ? null : Remember(row.ToVersion());
    }

    private ConfigVersion? Latest
    {
        get
        {
            lock (_latestLock)
            {
                return _latest;
            }
        }
    }

    // Keeps the newer of the remembered version and this one; older versions are read rarely (history).
    private ConfigVersion Remember(ConfigVersion version)
    {
        lock (_latestLock)
        {
            if (_latest is null || version.Info.Serial > _latest.Info.Serial)
            {
                _latest = version;
            }
        }
        return version;
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
        Remember(new ConfigVersion(info, config with { SerialNo = info.Serial }));
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
