using PiranhaNet.Agent.Netlink;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Ipvs;

/// <summary>
/// The director-wide IPVS settings: connection timeouts (<c>ipvsadm --set</c>) and connection sync daemons
/// (<c>ipvsadm --start-daemon</c>/<c>--stop-daemon</c>).
/// </summary>
internal sealed partial class IpvsNetlinkClient
{
    private const byte NewDaemon = 9, DelDaemon = 10, GetDaemon = 11, SetConfig = 12, GetConfig = 13;
    private const ushort CommandDaemon = 3, TimeoutTcp = 4, TimeoutTcpFin = 5, TimeoutUdp = 6;
    private const ushort DaemonState = 1, DaemonInterface = 2, DaemonSyncId = 3;
    private const uint StateMaster = 1, StateBackup = 2;

    /// <summary>The timeouts in force.</summary>
    public IpvsTimeouts ReadTimeouts()
    {
        var reply = _netlink.Ask(_netlink.Request(GetConfig, query: true))
            ?? throw new DataplaneException("the kernel did not answer the request for IPVS timeouts");
        return new IpvsTimeouts((int)reply.U32(TimeoutTcp), (int)reply.U32(TimeoutTcpFin), (int)reply.U32(TimeoutUdp));
    }

    /// <summary>Sets all three timeouts at once.</summary>
    public void SetTimeouts(IpvsTimeouts timeouts) => _netlink.Execute(_netlink.Request(SetConfig)
        .U32(TimeoutTcp, (uint)timeouts.Tcp)
        .U32(TimeoutTcpFin, (uint)timeouts.TcpFin)
        .U32(TimeoutUdp, (uint)timeouts.Udp));

    /// <summary>The running sync daemons.</summary>
    public IReadOnlyList<IpvsSyncDaemon> ReadSyncDaemons() =>
        [.. _netlink.Dump(_netlink.Request(GetDaemon, dump: true)).Select(reply => reply.Nested(CommandDaemon)).Select(daemon => new IpvsSyncDaemon(
            daemon.U32(DaemonState) == StateMaster ? IpvsSyncRole.Master : IpvsSyncRole.Backup,
            daemon.String(DaemonInterface),
            (int)daemon.U32(DaemonSyncId)))];

    public void StartSyncDaemon(IpvsSyncDaemon daemon) => _netlink.Execute(_netlink.Request(NewDaemon)
        .BeginNested(CommandDaemon)
        .U32(DaemonState, StateOf(daemon.Role))
        .String(DaemonInterface, daemon.Interface)
        .U32(DaemonSyncId, (uint)daemon.SyncId)
        .EndNested());

    /// <summary>Stops the daemon of <paramref name="role"/>; one that is not running is already stopped.</summary>
    public void StopSyncDaemon(IpvsSyncRole role)
    {
        try
        {
            _netlink.Execute(_netlink.Request(DelDaemon).BeginNested(CommandDaemon).U32(DaemonState, StateOf(role)).EndNested());
        }
        catch (NetlinkException e) when (e.Errno == NoSuchProcess)
        {
            // the kernel answers ESRCH when no daemon of that role runs
        }
    }

    private static uint StateOf(IpvsSyncRole role) => role == IpvsSyncRole.Master ? StateMaster : StateBackup;
}
