using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Persistence;

/// <summary>
/// The operator's pause, drain and group moves as this director last took them, kept in <c>cluster-operations.json</c>
/// in the state directory (replaced atomically), so a paused director that restarts while the dashboard is down stays
/// paused instead of taking groups back. The file holds the same JSON as the dashboard's message.
/// </summary>
internal sealed class ClusterOperationsFile(string stateDirectory)
{
    private const string FileName = "cluster-operations.json";

    /// <summary>The file's path.</summary>
    public string Path => System.IO.Path.Combine(stateDirectory, FileName);

    /// <summary>The operations in the file, or null when there is none or it cannot be read as such.</summary>
    public ClusterOperationsMessage? Load() => MessageFile.Load<ClusterOperationsMessage>(Path);

    /// <summary>Writes the operations.</summary>
    public void Save(ClusterOperationsMessage operations) => MessageFile.Save(Path, operations);
}
