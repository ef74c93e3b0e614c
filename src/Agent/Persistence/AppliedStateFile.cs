using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Persistence;

/// <summary>
/// <c>applied.json</c> in the agent's state directory: the last applied configuration, so a restarted director forwards
/// without the dashboard. Written to a temporary file and renamed, so a crash mid-write leaves the previous state whole.
/// </summary>
internal sealed class AppliedStateFile(string directory)
{
    private string FilePath => Path.Combine(directory, "applied.json");

    /// <summary>The last applied state, or null on a fresh director.</summary>
    public async Task<AppliedState?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }
        await using var file = File.OpenRead(FilePath);
        return await JsonSerializer.DeserializeAsync<AppliedState>(file, PiranhaJson.Options, cancellationToken);
    }

    /// <summary>Replaces the stored state atomically.</summary>
    public Task SaveAsync(AppliedState state, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        AtomicFile.Replace(FilePath, stream => JsonSerializer.Serialize(stream, state, PiranhaJson.Indented));
        return Task.CompletedTask;
    }

    /// <summary>The stored form of a key.</summary>
    public static ManagedService ToStored(IpvsServiceKey key) =>
        new(key.Protocol.ToString(), key.Address?.ToString(), key.Port, key.FirewallMark, key.Family.ToString());

    /// <summary>The key of a stored form.</summary>
    public static IpvsServiceKey FromStored(ManagedService stored) =>
        new(Enum.Parse<TransportProtocol>(stored.Protocol), stored.Address is null ? null : IPAddress.Parse(stored.Address), stored.Port,
            stored.FirewallMark, Enum.Parse<AddressFamily>(stored.Family));
}
