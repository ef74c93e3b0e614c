using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Configuration;

/// <summary>
/// The one way configuration changes are made, whoever makes them (API, command line, dashboard):
/// apply the change to the latest version, validate the result, summarise it and store it as a new version.
/// Invalid results throw <see cref="ConfigValidationException"/> and store nothing.
/// </summary>
public sealed class ConfigService(IConfigRepository repository, IConfigValidator validator, Services.ChangeNotifier notifier, SavedVersions saved)
{
    // A change without an expected version is re-applied to a version saved meanwhile; a few tries are plenty.
    private const int MaxAttempts = 5;

    /// <summary>The latest version.</summary>
    public Task<ConfigVersion> GetLatestAsync(CancellationToken cancellationToken) => repository.GetLatestAsync(cancellationToken);

    /// <summary>The newest version's number (0 before the first save), without loading the configuration.</summary>
    public Task<int> GetLatestSerialAsync(CancellationToken cancellationToken) => repository.GetLatestSerialAsync(cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the latest configuration and saves the result. With
    /// <paramref name="basedOn"/> the latest version must be that one (else <see cref="ConfigVersionConflictException"/>);
    /// without it the change is re-applied if another save lands first. A result equal to the latest
    /// configuration saves nothing and returns the latest version.
    /// </summary>
    public async Task<ConfigVersionInfo> UpdateAsync(int? basedOn, string author, Func<LvsConfig, LvsConfig> change,
        CancellationToken cancellationToken, string? summary = null, int? restoredFrom = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await repository.GetLatestAsync(cancellationToken);
            if (basedOn is { } expected && expected != current.Info.Serial)
            {
                throw new ConfigVersionConflictException(expected, current.Info.Serial);
            }
            var proposed = change(current.Config);
            var errors = validator.Validate(proposed);
            if (errors.Count > 0)
            {
                throw new ConfigValidationException(errors);
            }
            var changes = ConfigDiffer.Diff(current.Config, proposed);
            if (changes.Count == 0)
            {
                return current.Info;
            }
            try
            {
                var info = await repository.SaveAsync(proposed, current.Info.Serial, author, summary ?? ConfigDiffer.Summarize(changes),
                    restoredFrom, cancellationToken);
                // The version travels with the signal: the pusher need not read back what was just written.
                saved.Publish(new ConfigVersion(info, proposed with { SerialNo = info.Serial }));
                notifier.Notify(Services.ChangeKind.Configuration);
                return info;
            }
            catch (ConfigVersionConflictException) when (basedOn is null && attempt < MaxAttempts)
            {
                // Someone saved between our read and our write: apply the same change to their version.
            }
        }
    }

    /// <summary>Replaces the whole configuration.</summary>
    public Task<ConfigVersionInfo> ReplaceAsync(LvsConfig config, int? basedOn, string author, CancellationToken cancellationToken) =>
        UpdateAsync(basedOn, author, _ => config, cancellationToken);

    /// <summary>
    /// Reads and validates an lvs.cf and saves it as a new version. Any problem throws
    /// <see cref="LvsParseException"/> with every error located by line and column; nothing is imported.
    /// </summary>
    public async Task<ConfigVersionInfo> ImportAsync(string text, string fileName, int? basedOn, string author, CancellationToken cancellationToken)
    {
        var result = LvsConfigChecker.Check(text, fileName, validator);
        if (!result.Success)
        {
            throw new LvsParseException(result.Errors);
        }
        return await ImportConfigAsync(result.Config!, fileName, basedOn, author, cancellationToken);
    }

    /// <summary>Saves an lvs.cf that was already read and validated as a new version, summarised as an import.</summary>
    public Task<ConfigVersionInfo> ImportConfigAsync(LvsConfig imported, string fileName, int? basedOn, string author, CancellationToken cancellationToken) =>
        UpdateAsync(basedOn, author, _ => imported, cancellationToken, summary: $"imported {fileName}: {LvsConfigChecker.Summarize(imported)}");

    /// <summary>
    /// Reads and validates a keepalived.conf (with its includes from <paramref name="files"/>) and saves it as a new
    /// version, as <see cref="ImportReadAsync"/> does.
    /// </summary>
    public async Task<(ConfigVersionInfo Version, ImportReadResult Read)> ImportKeepalivedAsync(string text, string fileName, IKeepalivedFiles files,
        bool allowUnsupported, int? basedOn, string author, CancellationToken cancellationToken)
    {
        var result = KeepalivedConfigReader.Read(text, fileName, files, allowUnsupported, validator);
        return (await ImportReadAsync(result, fileName, "keepalived.conf", allowUnsupported, basedOn, author, cancellationToken), result);
    }

    /// <summary>
    /// Saves what reading another tool's files produced (<paramref name="kind"/>: keepalived.conf, Heartbeat) as a new
    /// version. Errors, and settings PiranhaNet cannot carry unless <paramref name="allowUnsupported"/>, throw
    /// <see cref="LvsParseException"/> and import nothing; allowed ones are listed in the version's summary as dropped.
    /// </summary>
    public async Task<ConfigVersionInfo> ImportReadAsync(ImportReadResult result, string fileName, string kind, bool allowUnsupported,
        int? basedOn, string author, CancellationToken cancellationToken)
    {
        if (!result.Success)
        {
            throw new LvsParseException([.. result.Blocking(allowUnsupported)]);
        }
        var imported = result.Config!;
        var dropped = result.Unsupported.Count == 0 ? "" : $"; dropped: {string.Join("; ", result.Unsupported)}";
        return await UpdateAsync(basedOn, author, _ => imported, cancellationToken,
            summary: $"imported {fileName} ({kind}): {LvsConfigChecker.Summarize(imported)}{dropped}");
    }

    /// <summary>Makes a new version with the content of version <paramref name="serial"/>.</summary>
    public async Task<ConfigVersionInfo> RestoreAsync(int serial, int? basedOn, string author, CancellationToken cancellationToken)
    {
        var version = await repository.GetAsync(serial, cancellationToken) ?? throw new ConfigVersionNotFoundException(serial);
        return await UpdateAsync(basedOn, author, _ => version.Config, cancellationToken, summary: $"restored version {serial}", restoredFrom: serial);
    }

    /// <summary>The lvs.cf text of the latest version.</summary>
    public async Task<(string Text, int Serial)> ExportAsync(CancellationToken cancellationToken)
    {
        var latest = await repository.GetLatestAsync(cancellationToken);
        return (LvsConfigWriter.Write(latest.Config), latest.Info.Serial);
    }

    /// <summary>The latest version as keepalived.conf, what it cannot say listed at its top, and its number.</summary>
    public async Task<(string Text, int Serial)> ExportKeepalivedAsync(CancellationToken cancellationToken)
    {
        var latest = await repository.GetLatestAsync(cancellationToken);
        return (KeepalivedConfigWriter.Write(latest.Config).Text, latest.Info.Serial);
    }

    /// <summary>What changed from version <paramref name="from"/> to <paramref name="to"/> (0 is the empty configuration).</summary>
    public async Task<IReadOnlyList<ConfigChange>> DiffAsync(int from, int to, CancellationToken cancellationToken)
    {
        var before = await GetVersionAsync(from, cancellationToken);
        var after = await GetVersionAsync(to, cancellationToken);
        return ConfigDiffer.Diff(before.Config, after.Config);
    }

    /// <summary>A version, or <see cref="ConfigVersionNotFoundException"/>; version 0 is the empty configuration.</summary>
    public async Task<ConfigVersion> GetVersionAsync(int serial, CancellationToken cancellationToken) =>
        serial == 0
            ? ConfigVersion.Initial
            : await repository.GetAsync(serial, cancellationToken) ?? throw new ConfigVersionNotFoundException(serial);
}
