using System.Net;
using System.Net.Sockets;

namespace PiranhaNet.Web.Testing;

/// <summary>Ports on 127.0.0.1 for tests that must name a port before something listens on it.</summary>
public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago (the kernel's pick for an ephemeral listener, released again).</summary>
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
