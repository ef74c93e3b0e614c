using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Ipvs;

/// <summary>
/// The dataplane's connection timeouts in seconds, as <c>ipvsadm --set tcp tcpfin udp</c> shows them.
/// They are global to the director, not per service.
/// </summary>
/// <param name="Tcp">Established TCP connections.</param>
/// <param name="TcpFin">TCP connections after a FIN.</param>
/// <param name="Udp">UDP flows.</param>
public sealed record IpvsTimeouts(int Tcp, int TcpFin, int Udp)
{
    /// <summary>
    /// These timeouts with the configured ones laid over them: a configured 0 keeps the current value, as
    /// <c>ipvsadm --set</c> does, so a configuration that names no timeouts changes nothing.
    /// </summary>
    public IpvsTimeouts With(ConnectionTimeoutsConfig configured) => new(
        configured.Tcp > 0 ? configured.Tcp : Tcp,
        configured.TcpFin > 0 ? configured.TcpFin : TcpFin,
        configured.Udp > 0 ? configured.Udp : Udp);

    /// <summary>"tcp 900 tcpfin 120 udp 300".</summary>
    public override string ToString() => $"tcp {Tcp} tcpfin {TcpFin} udp {Udp}";
}
