using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Health;

/// <summary>Makes the probe for a check; a seam so tests can count or script probes.</summary>
internal interface IHealthProbes
{
    /// <summary>A probe for <paramref name="check"/> over <paramref name="protocol"/>; the configuration must be valid (its regexes and status list parse).</summary>
    IHealthProbe For(HealthCheckConfig check, TransportProtocol protocol);
}

/// <summary>The probe for a virtual server's (or failover service's) check, over the service's protocol.</summary>
internal sealed class HealthProbes : IHealthProbes
{
    /// <inheritdoc />
    public IHealthProbe For(HealthCheckConfig check, TransportProtocol protocol)
    {
        var expect = string.IsNullOrEmpty(check.Expect) ? null : new ExpectedText(check.Expect, check.UseRegex);
        return check.Kind switch
        {
            HealthCheckKind.Http or HealthCheckKind.Https => new HttpProbe(check),
            HealthCheckKind.Program => new ProgramProbe(check.SendProgram ?? "", expect, check.DynamicWeight),
            _ when protocol == TransportProtocol.Udp => new UdpProbe(check.Send, expect),
            HealthCheckKind.SendExpect => new TcpProbe(check.Send, expect),
            _ => new TcpProbe(null, null),
        };
    }
}
