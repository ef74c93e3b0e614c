using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// The operator's say in a cluster: pause, drain or resume a director, move a failover group to a director or clear
/// that move. Kept in the store and sent to every connected agent on a change (each gets its own pause or drain and
/// every move), and to each agent that connects; the directors carry them out among themselves. Every refusal says why.
/// </summary>
public sealed partial class ClusterOperations(ClusterOperationsStore store, IConfigRepository versions, AgentRegistry registry,
    ChangeNotifier notifier, ILogger<ClusterOperations> logger)
{
    /// <summary>Pauses, drains or resumes (null) the enrolled director <paramref name="director"/>; null when done, otherwise why not.</summary>
    public async Task<string?> SetDirectorAsync(string director, ClusterOperationsStore.Operation? operation, string author, CancellationToken cancellationToken)
    {
        if (!ClusterPlan.IsCluster((await versions.GetLatestAsync(cancellationToken)).Config))
        {
            return "the configuration has no failover groups: pause, drain and move are for a cluster (a pair has make active)";
        }
        if (!await store.SetOperationAsync(director, operation, author, cancellationToken))
        {
            return $"director {director} is not enrolled";
        }
        LogDirector(logger, director, operation?.ToString().ToLowerInvariant() ?? "resumed", author);
        await ChangedAsync(cancellationToken);
        return null;
    }

    /// <summary>Moves <paramref name="group"/> to the configuration's director <paramref name="director"/>, or clears its move (null); null when done, otherwise why not.</summary>
    public async Task<string?> MoveAsync(string group, string? director, string author, CancellationToken cancellationToken)
    {
        var topology = ClusterTopology.Of((await versions.GetLatestAsync(cancellationToken)).Config);
        if (!topology.HasOwnGroups || topology.Groups.FirstOrDefault(g => g.Name == group) is not { } found)
        {
            return $"there is no failover group '{group}'" + (topology.HasOwnGroups ? $"; the groups are {string.Join(", ", topology.Groups.Select(g => g.Name))}" : "");
        }
        if (director is not null && !found.Members.Contains(director))
        {
            return $"director '{director}' is not a member of group '{group}' ({string.Join(", ", found.Members)})";
        }
        if (!await store.SetMoveAsync(group, director, author, cancellationToken) && director is null)
        {
            return $"group '{group}' was not moved";
        }
        LogMoved(logger, group, director ?? "its preferences", author);
        await ChangedAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Gives a newly connected agent that runs failover groups its part of the operations. In a cluster it is sent
    /// even when there are none: an agent keeps the last it was sent across a restart, and one paused while away must
    /// hear that it was resumed since. Elsewhere only when some are left over from a cluster.
    /// </summary>
    public async Task SendToAsync(AgentRegistry.AgentSession session, CancellationToken cancellationToken)
    {
        if (session.ProtocolVersion >= AgentProtocol.ClusterSince && await ReadAsync(cancellationToken) is var (operations, moves)
            && (operations.Count > 0 || moves.Count > 0 || ClusterPlan.IsCluster((await versions.GetLatestAsync(cancellationToken)).Config)))
        {
            await session.TrySendAsync(MessageFor(session.Name, operations, moves), cancellationToken);
        }
    }

    private async Task ChangedAsync(CancellationToken cancellationToken)
    {
        await SendToConnectedAsync(cancellationToken);
        notifier.Notify(ChangeKind.Redundancy);
    }

    /// <summary>Sends the stored operations to every agent connected here (another dashboard on the store changed them).</summary>
    public async Task SendToConnectedAsync(CancellationToken cancellationToken)
    {
        var (operations, moves) = await ReadAsync(cancellationToken);
        foreach (var session in registry.Sessions.Where(s => s.ProtocolVersion >= AgentProtocol.ClusterSince))
        {
            await session.TrySendAsync(MessageFor(session.Name, operations, moves), cancellationToken);   // one that went away hears on connect
        }
    }

    private async Task<(IReadOnlyList<ClusterOperationsStore.DirectorOperation>, EquatableArray<GroupMove>)> ReadAsync(CancellationToken cancellationToken) =>
        (await store.ListOperationsAsync(cancellationToken),
         (await store.ListMovesAsync(cancellationToken)).Select(m => new GroupMove(m.Group, m.Director)).ToEquatableArray());

    private static ClusterOperationsMessage MessageFor(string director, IReadOnlyList<ClusterOperationsStore.DirectorOperation> operations, EquatableArray<GroupMove> moves)
    {
        var own = operations.FirstOrDefault(o => o.Director == director)?.Operation;
        return new ClusterOperationsMessage(own == ClusterOperationsStore.Operation.Paused, own == ClusterOperationsStore.Operation.Draining, moves);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Director {Director} {Operation} by {Author}")]
    private static partial void LogDirector(ILogger logger, string director, string operation, string author);

    [LoggerMessage(Level = LogLevel.Information, Message = "Failover group {Group} moved to {Director} by {Author}")]
    private static partial void LogMoved(ILogger logger, string group, string director, string author);
}
