using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data;

/// <summary>
/// The configuration history. Versions are immutable; saving appends one. Thread-safe; every call uses its
/// own connection. Before the first save the latest version is 0 with <see cref="LvsConfig.Empty"/>.
/// </summary>
public interface IConfigRepository
{
    /// <summary>The newest version (version 0, empty, when nothing was saved yet).</summary>
    Task<ConfigVersion> GetLatestAsync(CancellationToken cancellationToken);

    /// <summary>The newest version's number (0 before the first save), without loading its document.</summary>
    Task<int> GetLatestSerialAsync(CancellationToken cancellationToken);

    /// <summary>A version by serial, or null when it does not exist.</summary>
    Task<ConfigVersion?> GetAsync(int serial, CancellationToken cancellationToken);

    /// <summary>Every version, newest first.</summary>
    Task<IReadOnlyList<ConfigVersionInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="config"/> as the next version in one transaction. When <paramref name="basedOn"/>
    /// is given and is not the latest version, throws <see cref="ConfigVersionConflictException"/> and writes nothing.
    /// The stored configuration's serial is set to the new version number.
    /// </summary>
    Task<ConfigVersionInfo> SaveAsync(LvsConfig config, int? basedOn, string author, string summary, int? restoredFrom, CancellationToken cancellationToken);
}
