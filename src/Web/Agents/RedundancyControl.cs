using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// The dashboard's say in redundancy, which otherwise runs between the directors: rotating the heartbeat key
/// (and giving it to every connected agent, and to each one that connects later) and making a director active.
/// </summary>
public sealed partial class RedundancyControl(HeartbeatKeyStore store, AgentRegistry registry, ChangeNotifier notifier, ILogger<RedundancyControl> logger)
{
    /// <summary>Generates a new key and sends it to the connected agents; returns it, to be shown once.</summary>
    public async Task<string> RotateKeyAsync(string author, CancellationToken cancellationToken)
    {
        var keys = await store.RotateAsync(author, cancellationToken);
        LogRotated(logger, HeartbeatKey.Fingerprint(keys.Key), author);
        foreach (var session in registry.Sessions)
        {
            await SendKeysAsync(session, keys, cancellationToken);
        }
        notifier.Notify(ChangeKind.Redundancy);
        return keys.Key;
    }

    /// <summary>Gives every agent connected here the stored keys (another dashboard on the store rotated them).</summary>
    public async Task SendKeysToConnectedAsync(CancellationToken cancellationToken)
    {
        if (await store.GetMessageAsync(cancellationToken) is { } keys)
        {
            foreach (var session in registry.Sessions)
            {
                await SendKeysAsync(session, keys, cancellationToken);
            }
        }
    }

    /// <summary>Gives a newly connected agent the keys, if there are any and it takes part in redundancy.</summary>
    public async Task SendKeysToAsync(AgentRegistry.AgentSession session, CancellationToken cancellationToken)
    {
        if (await store.GetMessageAsync(cancellationToken) is { } keys)
        {
            await SendKeysAsync(session, keys, cancellationToken);
        }
    }

    /// <summary>
    /// Makes <paramref name="director"/> active and releases every other director from such a hold. Null when
    /// done, or why not (the director is not connected, its agent is too old, or it went away meanwhile).
    /// </summary>
    public async Task<string?> MakeActiveAsync(string director, string author, CancellationToken cancellationToken)
    {
        var sessions = registry.Sessions;
        if (sessions.FirstOrDefault(s => s.Name == director) is not { } target)
        {
            return $"director {director} is not connected";
        }
        if (target.ProtocolVersion < AgentProtocol.RedundancySince)
        {
            return $"director {director}'s agent speaks protocol {target.ProtocolVersion}; making it active needs {AgentProtocol.RedundancySince}";
        }
        foreach (var other in sessions.Where(s => s != target && s.ProtocolVersion >= AgentProtocol.RedundancySince))
        {
            await other.TrySendAsync(new MakeActiveMessage(false), cancellationToken);   // one that went away holds nothing
        }
        if (await target.TrySendAsync(new MakeActiveMessage(true), cancellationToken) is { } failure)
        {
            return $"director {director} could not be told: {failure}";
        }
        LogMadeActive(logger, director, author);
        return null;
    }

    // An agent that went away gets the keys when it connects again.
    private static async Task SendKeysAsync(AgentRegistry.AgentSession session, HeartbeatKeyMessage keys, CancellationToken cancellationToken)
    {
        if (session.ProtocolVersion >= AgentProtocol.RedundancySince)
        {
            await session.TrySendAsync(keys, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat key rotated by {Author}; new key fingerprint {Fingerprint}")]
    private static partial void LogRotated(ILogger logger, string fingerprint, string author);

    [LoggerMessage(Level = LogLevel.Information, Message = "Director {Director} made active by {Author}")]
    private static partial void LogMadeActive(ILogger logger, string director, string author);
}
