namespace PiranhaNet.Core.Model;

/// <summary>IPVS connection timeouts in seconds (<c>ipvsadm --set</c>); 0 leaves the kernel's value as is.</summary>
public sealed record ConnectionTimeoutsConfig
{
    /// <summary>Established TCP sessions (<c>tcp_timeout</c>).</summary>
    public int Tcp { get; init; }

    /// <summary>TCP sessions after a FIN (<c>tcpfin_timeout</c>).</summary>
    public int TcpFin { get; init; }

    /// <summary>UDP (<c>udp_timeout</c>).</summary>
    public int Udp { get; init; }
}
