using PiranhaNet.Core.Heartbeat;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// The dashboard's say in redundancy, which otherwise runs between the directors: rotating the heartbeat key
/// (and giving it to every connected agent, and to each one that connects later) and making a director active.
/// </summary>
public sealed partial class RedundancyControl(HeartbeatKeyStore keys, AgentRegistry registry, ChangeNotifier notifier, ILogger<RedundancyControl> logger)
{
    /// <summary>Generates a new key and sends it to the connected agents; returns it, to be shown once.</summary>
    public async Task<string> RotateKeyAsync(string author, CancellationToken cancellationToken)
    {
        var key = await keys.RotateAsync(author, cancellationToken);
        LogRotated(logger, HeartbeatKey.Fingerprint(HeartbeatKey.TryDecode(key)!), author);
        if (await keys.GetMessageAsync(cancellationToken) is { } message)
        {
            foreach (var session in registry.Sessions)
            {
                await SendKeysAsync(session, message, cancellationToken);
            }
        }
        notifier.Notify(ChangeKind.Redundancy);
        return key;
    }

    /// <summary>Gives a newly connected agent the keys, if there are any and it speaks protocol 3.</summary>
    public async Task SendKeysToAsync(AgentRegistry.AgentSession session, CancellationToken cancellationToken)
    {
        if (await keys.GetMessageAsync(cancellationToken) is { } message)
        {
            await SendKeysAsync(session, message, cancellationToken);
        }
    }

    /// <summary>
    /// Makes <paramref name="director"/> active and releases every other director from such a hold. Null when
    /// done, or why not (the director is not connected or its agent is too old).
    /// </summary>
    public async Task<string?> MakeActiveAsync(string director, string author, CancellationToken cancellationToken)
    {
        var sessions = registry.Sessions;
        if (sessions.FirstOrDefault(s => s.Name == director) is not { } target)
        {
            return $"director {director} is not connected";
        }
        if (target.ProtocolVersion < RedundancyProtocol)
        {
            return $"director {director}'s agent speaks protocol {target.ProtocolVersion}; making it active needs {RedundancyProtocol}";
        }
        foreach (var other in sessions.Where(s => s != target && s.ProtocolVersion >= RedundancyProtocol))
        {
            await other.SendAsync(new MakeActiveMessage(false), cancellationToken);
        }
        await target.SendAsync(new MakeActiveMessage(true), cancellationToken);
        LogMadeActive(logger, director, author);
        return null;
    }

    private const int RedundancyProtocol = 3;

    private static async Task SendKeysAsync(AgentRegistry.AgentSession session, HeartbeatKeyMessage message, CancellationToken cancellationToken)
    {
        if (session.ProtocolVersion >= RedundancyProtocol)
        {
            try
            {
                await session.SendAsync(message, cancellationToken);
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                // The agent went away; it gets the keys when it connects again.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat key rotated by {Author}; new key fingerprint {Fingerprint}")]
    private static partial void LogRotated(ILogger logger, string fingerprint, string author);

    [LoggerMessage(Level = LogLevel.Information, Message = "Director {Director} made active by {Author}")]
    private static partial void LogMadeActive(ILogger logger, string director, string author);
}
