using System.Text.Json;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Persistence;

/// <summary>
/// A message from the dashboard kept in a file of the state directory as the same JSON it came in, replaced
/// atomically, so the agent has it again after a restart while the dashboard is away.
/// </summary>
internal static class MessageFile
{
    /// <summary>The message of type <typeparamref name="T"/> in <paramref name="path"/>, or null when there is none or it cannot be read as one.</summary>
    public static T? Load<T>(string path) where T : AgentMessage
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), AgentProtocolJsonContext.Default.AgentMessage) as T;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="message"/>; with <paramref name="ownerOnly"/>, readable by this user alone (a secret).</summary>
    public static void Save(string path, AgentMessage message, bool ownerOnly = false) =>
        AtomicFile.Replace(path, stream => JsonSerializer.Serialize(stream, message, AgentProtocolJsonContext.Default.AgentMessage), ownerOnly);
}
