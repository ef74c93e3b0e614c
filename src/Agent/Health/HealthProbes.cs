using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Health;

/// <summary>The probe for a virtual server's (or failover service's) check, over the service's protocol.</summary>
public static class HealthProbes
{
    /// <summary>A probe for <paramref name="check"/>; the configuration must be valid (its regexes and status list parse).</summary>
    public static IHealthProbe For(HealthCheckConfig check, TransportProtocol protocol)
    {
        var expect = string.IsNullOrEmpty(check.Expect) ? null : new ExpectedText(check.Expect, check.UseRegex);
        return check.Kind switch
        {
            HealthCheckKind.Http or HealthCheckKind.Https => new HttpProbe(check),
            HealthCheckKind.Program => new ProgramProbe(check.SendProgram ?? "", expect),
            _ when protocol == TransportProtocol.Udp => new UdpProbe(check.Send, expect),
            HealthCheckKind.SendExpect => new TcpProbe(check.Send, expect),
            _ => new TcpProbe(null, null),
        };
    }
}
