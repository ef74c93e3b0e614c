using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Persistence;

/// <summary>
/// The heartbeat keys as the dashboard last sent them, kept in <c>heartbeat.key</c> in the state directory (mode
/// 0600, replaced atomically) so a director restarted without the dashboard still authenticates its peer. The
/// file holds the same JSON as the message; the keys are never logged, only their fingerprints.
/// </summary>
internal sealed class HeartbeatKeyFile(string stateDirectory)
{
    private const string FileName = "heartbeat.key";

    /// <summary>The file's path.</summary>
    public string Path => System.IO.Path.Combine(stateDirectory, FileName);

    /// <summary>The keys in the file, or null when there is none or it does not hold a valid key.</summary>
    public HeartbeatKeyMessage? Load() => MessageFile.Load<HeartbeatKeyMessage>(Path) is { } message && HeartbeatKey.TryDecode(message.Key) is not null ? message : null;

    /// <summary>Writes the keys, readable only by this user.</summary>
    public void Save(HeartbeatKeyMessage keys) => MessageFile.Save(Path, keys, ownerOnly: true);
}
