using System.Globalization;
using Dapper;
using System.Data.Common;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Data.History;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data;

/// <summary>
/// <see cref="IConfigRepository"/> on a SQL store with Dapper, whichever the store: one row per version, the whole model
/// as JSON (a snapshot) or its patch from the version before (<see cref="StoredConfig"/>, <see cref="SnapshotPolicy"/>).
/// The newest version this instance saved or read is kept in memory, because reading it back means parsing a whole
/// document (17 ms at 1,000 virtual servers) and every save and every push to a director starts from it; the latest
/// serial is still asked of the database each time, so versions saved by other processes (another dashboard, the
/// command line) are seen, and read as the patches since. The store (<see cref="StoreDatabase"/>) gives the connections
/// and the write lock; a subclass says only how its document column is kept. Thread-safe; registered once per process.
/// </summary>
public abstract class ConfigRepositoryBase(StoreDatabase database, TimeProvider timeProvider) : IConfigRepository
{
    private readonly Lock _latestLock = new();
    private ConfigVersion? _latest;

    private const string InfoColumns = "serial, author, created_at AS CreatedAt, summary, virtual_server_count AS VirtualServerCount, " +
                                       "real_server_count AS RealServerCount, restored_from AS RestoredFrom";
    private const string LatestSerialQuery = "SELECT COALESCE(MAX(serial), 0) FROM config_versions";

    /// <summary>The store's SQL that reads the document column as bytes, for <see cref="DocumentUtf8"/>.</summary>
    protected abstract string DocumentAsBytes { get; }

    /// <summary>A document's JSON as the store's document column takes it.</summary>
    protected abstract object DocumentValue(string json);

    /// <summary>The UTF-8 JSON of a document read with <see cref="DocumentAsBytes"/>.</summary>
    protected abstract byte[] DocumentUtf8(byte[] stored);


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
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, serial, cancellationToken) is { } version ? Remember(version) : null;
    }

    // A version: the newest snapshot at or before it and the patches since, replayed in one pass; or, when the
    // remembered version lies between that snapshot and this one, only the patches since the remembered version.
    private async Task<ConfigVersion?> ReadAsync(DbConnection connection, DbTransaction? transaction, int serial, CancellationToken cancellationToken)
    {
        var remembered = Latest;
        if (remembered?.Info.Serial == serial)
        {
            return remembered;
        }
        var snapshot = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(serial) FROM config_versions WHERE serial <= @serial AND patch_of IS NULL", new { serial }, transaction, cancellationToken: cancellationToken));
        if (snapshot is null)
        {
            return null;
        }
        var start = remembered is { } r && r.Info.Serial >= snapshot && r.Info.Serial < serial ? r : null;
        var rows = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {InfoColumns}, {DocumentAsBytes} AS Document, patch_of AS PatchOf FROM config_versions WHERE serial > @after AND serial <= @serial ORDER BY serial",
            new { after = start?.Info.Serial ?? snapshot - 1, serial }, transaction, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0 || rows[^1].Serial != serial)
        {
            return null;
        }
        var first = start?.Config ?? StoredConfig.ReadWhole(DocumentUtf8(rows[0].Whole()));
        var patches = rows.Skip(start is null ? 1 : 0).Select(row => StoredConfig.ReadPatch(DocumentUtf8(row.Patch())));
        var config = ConfigPatchChain.Replay(first, StoredPatch.Run(first, patches));
        return new ConfigVersion(rows[^1].ToInfo(), config with { SerialNo = serial });
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
        // The write lock is held before the latest serial is read, so two saves based on one version cannot both pass the check.
        await using var transaction = await database.BeginSerializedAsync(connection, "config_versions", cancellationToken);
        var latest = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            LatestSerialQuery, transaction: transaction, cancellationToken: cancellationToken));
        if (basedOn is { } expected && expected != latest)
        {
            throw new ConfigVersionConflictException(expected, latest);
        }
        var info = new ConfigVersionInfo(latest + 1, author, timeProvider.GetUtcNow(), summary,
            config.VirtualServers.Count, config.VirtualServers.Sum(v => v.RealServers.Count), restoredFrom);
        var saved = config with { SerialNo = info.Serial };
        var previous = latest == 0 ? null : await ReadAsync(connection, transaction, latest, cancellationToken);
        var stored = await ChooseStoredAsync(connection, transaction, previous, saved, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO config_versions (serial, author, created_at, summary, document, document_bytes, patch_of, virtual_server_count, real_server_count, restored_from)
            VALUES (@Serial, @Author, @CreatedAt, @Summary, @Document, @DocumentBytes, @PatchOf, @VirtualServerCount, @RealServerCount, @RestoredFrom)
            """,
            new
            {
                info.Serial, info.Author, CreatedAt = info.CreatedAt.ToString("O", CultureInfo.InvariantCulture), info.Summary, Document = DocumentValue(stored.Document), DocumentBytes = stored.Bytes, stored.PatchOf,
                info.VirtualServerCount, info.RealServerCount, info.RestoredFrom,
            },
            transaction, cancellationToken: cancellationToken));
        // Not cancelled once it is asked for: a commit that went through must be remembered and announced.
        await transaction.CommitAsync(CancellationToken.None);
        Remember(new ConfigVersion(info, saved));
        return info;
    }

    // The patch from the version before, unless it would take the patches since the last snapshot past what
    // SnapshotPolicy allows; then the whole configuration, which starts the next run of patches.
    private async Task<StoredConfig> ChooseStoredAsync(DbConnection connection, DbTransaction transaction, ConfigVersion? previous,
        LvsConfig config, CancellationToken cancellationToken)
    {
        if (previous is null || StoredConfig.PatchFrom(previous.Config, previous.Info.Serial, config) is not { } patch)
        {
            return StoredConfig.Whole(config);
        }
        var run = await connection.QuerySingleAsync<PatchRun>(new CommandDefinition($"""
            SELECT s.document_bytes AS SnapshotBytes,
                   (SELECT COUNT(*) FROM config_versions p WHERE p.serial > s.serial) AS Patches,
                   (SELECT COALESCE(SUM(p.document_bytes), 0) FROM config_versions p WHERE p.serial > s.serial) AS PatchBytes
            FROM config_versions s WHERE s.patch_of IS NULL ORDER BY s.serial DESC LIMIT 1
            """, transaction: transaction, cancellationToken: cancellationToken));
        return SnapshotPolicy.PatchFits(run.SnapshotBytes, run.Patches, run.PatchBytes, patch.Bytes) ? patch : StoredConfig.Whole(config);
    }

    // The newest snapshot's size and the patches written since it (settable: the stores' integer widths differ).
    private sealed class PatchRun
    {
        public long SnapshotBytes { get; set; }
        public long Patches { get; set; }
        public long PatchBytes { get; set; }
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
        public byte[]? Document { get; set; }
        public long? PatchOf { get; set; }

        public ConfigVersionInfo ToInfo() => new(
            (int)Serial, Author, DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), Summary,
            (int)VirtualServerCount, (int)RealServerCount, (int?)RestoredFrom);

        // The document's UTF-8 bytes, which must hold what the caller expects: a snapshot starts a run, patches follow it.
        public byte[] Whole() => PatchOf is null ? Document! : throw new InvalidOperationException($"version {Serial} is a patch where a snapshot was expected");

        public byte[] Patch() => PatchOf is not null ? Document! : throw new InvalidOperationException($"version {Serial} is a snapshot where a patch was expected");
    }
}
