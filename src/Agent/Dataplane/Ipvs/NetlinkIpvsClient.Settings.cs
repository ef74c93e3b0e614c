using PiranhaNet.Agent.Interop;
using PiranhaNet.Agent.Netlink;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Ipvs;

/// <summary>
/// The director-wide IPVS settings: connection timeouts (<c>ipvsadm --set</c>) and connection sync daemons
/// (<c>ipvsadm --start-daemon</c>/<c>--stop-daemon</c>).
/// </summary>
internal sealed partial class NetlinkIpvsClient
{
    /// <inheritdoc />
    public IpvsTimeouts ReadTimeouts() => Translate(() =>
    {
        var reply = _netlink.Ask(_netlink.Request(IpvsCommand.GetConfig, query: true))
            ?? throw NetlinkException.Malformed("the kernel did not answer the request for IPVS timeouts");
        return new IpvsTimeouts((int)reply.U32(IpvsCommandAttribute.TimeoutTcp), (int)reply.U32(IpvsCommandAttribute.TimeoutTcpFin),
            (int)reply.U32(IpvsCommandAttribute.TimeoutUdp));
    });

    /// <inheritdoc />
    public void SetTimeouts(IpvsTimeouts timeouts) => Translate(() => _netlink.Execute(_netlink.Request(IpvsCommand.SetConfig)
        .U32(IpvsCommandAttribute.TimeoutTcp, (uint)timeouts.Tcp)
        .U32(IpvsCommandAttribute.TimeoutTcpFin, (uint)timeouts.TcpFin)
        .U32(IpvsCommandAttribute.TimeoutUdp, (uint)timeouts.Udp)));

    /// <inheritdoc />
    public IReadOnlyList<IpvsSyncDaemon> ReadSyncDaemons() => Translate<IReadOnlyList<IpvsSyncDaemon>>(() =>
        [.. _netlink.Dump(_netlink.Request(IpvsCommand.GetDaemon, dump: true)).Select(reply => reply.Nested(IpvsCommandAttribute.Daemon)).Select(daemon => new IpvsSyncDaemon(
            (IpvsDaemonState)daemon.U32(IpvsDaemonAttribute.State) == IpvsDaemonState.Master ? IpvsSyncRole.Master : IpvsSyncRole.Backup,
            daemon.String(IpvsDaemonAttribute.MulticastInterface),
            (int)daemon.U32(IpvsDaemonAttribute.SyncId)))]);

    /// <inheritdoc />
    public void StartSyncDaemon(IpvsSyncDaemon daemon) => Translate(() => _netlink.Execute(_netlink.Request(IpvsCommand.NewDaemon)
        .BeginNested(IpvsCommandAttribute.Daemon)
        .U32(IpvsDaemonAttribute.State, (uint)StateOf(daemon.Role))
        .String(IpvsDaemonAttribute.MulticastInterface, daemon.Interface)
        .U32(IpvsDaemonAttribute.SyncId, (uint)daemon.SyncId)
        .EndNested()));

    /// <inheritdoc />
    public void StopSyncDaemon(IpvsSyncRole role) => Translate(() =>
    {
        try
        {
            _netlink.Execute(_netlink.Request(IpvsCommand.DeleteDaemon).BeginNested(IpvsCommandAttribute.Daemon)
                .U32(IpvsDaemonAttribute.State, (uint)StateOf(role)).EndNested());
        }
        catch (NetlinkException e) when (e.Is(Errno.NoSuchProcess))
        {
            // the kernel answers ESRCH when no daemon of that role runs
        }
    });

    private static IpvsDaemonState StateOf(IpvsSyncRole role) => role == IpvsSyncRole.Master ? IpvsDaemonState.Master : IpvsDaemonState.Backup;
}
