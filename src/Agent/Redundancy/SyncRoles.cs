namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// Which connection sync daemons a director runs. A pair's active director runs the master and its standby the
/// backup; every director of a cluster runs both, since it serves some groups and stands by for others, and a planned
/// move finds the target already holding the source's connections.
/// </summary>
[Flags]
internal enum SyncRoles
{
    /// <summary>Sends this director's connections.</summary>
    Master = 1,

    /// <summary>Receives the other directors' connections.</summary>
    Backup = 2,

    /// <summary>Both at once (the kernel keeps them apart: a master does not hear its own multicast).</summary>
    Both = Master | Backup,
}
