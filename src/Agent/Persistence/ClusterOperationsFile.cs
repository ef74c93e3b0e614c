using System.Text.Json;
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
    public ClusterOperationsMessage? Load()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path), AgentProtocolJsonContext.Default.AgentMessage) as ClusterOperationsMessage;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the operations.</summary>
    public void Save(ClusterOperationsMessage operations) =>
        AtomicFile.Replace(Path, stream => JsonSerializer.Serialize(stream, operations, AgentProtocolJsonContext.Default.AgentMessage));
}
