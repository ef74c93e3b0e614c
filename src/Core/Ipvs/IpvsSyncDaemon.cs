namespace PiranhaNet.Core.Ipvs;

/// <summary>Which way an IPVS connection sync daemon copies connection state.</summary>
public enum IpvsSyncRole
{
    /// <summary>Sends the active director's connections to the network.</summary>
    Master,

    /// <summary>Receives them on the standby director.</summary>
    Backup,
}

/// <summary>One running IPVS connection sync daemon (<c>ipvsadm --start-daemon</c>).</summary>
/// <param name="Role">Master or backup.</param>
/// <param name="Interface">The multicast interface (<c>syncd_iface</c>).</param>
/// <param name="SyncId">The sync id 0..255 (<c>syncd_id</c>) that keeps clusters on one network apart.</param>
public sealed record IpvsSyncDaemon(IpvsSyncRole Role, string Interface, int SyncId)
{
    /// <summary>"master eth0 syncid 0".</summary>
    public override string ToString() => $"{Role.ToString().ToLowerInvariant()} {Interface} syncid {SyncId}";
}
