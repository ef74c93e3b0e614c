namespace PiranhaNet.Core.Model;

/// <summary>
/// A failover group (PiranhaNet extension): the virtual servers, failover services and floating addresses that move
/// between directors together, the directors that may run them with their priorities, and whether the group goes back
/// to a more preferred director when it returns. A Piranha pair is one group of its primary and backup.
/// </summary>
public sealed record FailoverGroupConfig
{
    /// <summary>The group's name, unique in the cluster; elements name their group by it.</summary>
    public required string Name { get; init; }

    /// <summary>The directors that may run the group, most preferred first (<c>members = lvs1:100,lvs2:50</c>).</summary>
    public EquatableArray<GroupMemberConfig> Members { get; init; } = EquatableArray<GroupMemberConfig>.Empty;

    /// <summary>
    /// The group returns to a more preferred director as soon as it is back (Pacemaker's preference without stickiness);
    /// otherwise it stays where it is until that director fails or an operator moves it (<c>failback</c>).
    /// </summary>
    public bool Failback { get; init; } = true;
}

/// <summary>One director of a failover group and its priority in it: the higher, the more preferred.</summary>
/// <param name="Director">A director's name.</param>
/// <param name="Priority">1 to 255, unique in the group (as a VRRP priority).</param>
public sealed record GroupMemberConfig(string Director, int Priority);
