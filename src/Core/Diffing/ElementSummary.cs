using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Diffing;

/// <summary>One line saying what an added or removed element is, so a review shows more than its name.</summary>
internal static class ElementSummary
{
    /// <summary>The service, scheduler and real servers of a virtual server.</summary>
    public static string VirtualServer(VirtualServerConfig vs)
    {
        var service = vs.FirewallMark is { } mark ? $"fwmark {mark}" : $"{vs.Address}:{vs.Port}/{vs.Protocol.ToString().ToLowerInvariant()}";
        var reals = vs.RealServers.Count == 0 ? "no real servers" : string.Join(", ", vs.RealServers.Select(r => $"{r.Name} {RealServer(r, vs.Port)}"));
        return $"{service} {vs.Scheduler}{(vs.Active ? "" : ", inactive")}; {reals}";
    }

    /// <summary>The address, port and weight of a real server of a virtual server on <paramref name="servicePort"/>.</summary>
    public static string RealServer(RealServerConfig rs, int servicePort) =>
        $"{rs.Address}:{rs.Port ?? servicePort} weight {rs.Weight}{(rs.Drain ? ", draining" : "")}{(rs.Active ? "" : ", inactive")}";

    /// <summary>The address and port of a failover service.</summary>
    public static string FailoverService(FailoverServiceConfig fos) => $"{fos.Address}:{fos.Port}{(fos.Active ? "" : ", inactive")}";
}
