using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Diffing;

/// <summary>One line saying what an added or removed element is, so a review shows more than its name.</summary>
internal static class ElementSummary
{
    /// <summary>The summary of the element at <paramref name="path"/> in <paramref name="config"/>, or null when it is not found.</summary>
    public static string? Of(LvsConfig config, string path)
    {
        foreach (var vs in config.VirtualServers)
        {
            if (path == ConfigPaths.VirtualServer(vs.Name))
            {
                return VirtualServer(vs);
            }
            foreach (var rs in vs.RealServers.Where(r => path == ConfigPaths.RealServer(vs.Name, r.Name)))
            {
                return RealServer(rs, vs.Port);
            }
        }
        return config.FailoverServices.FirstOrDefault(f => path == ConfigPaths.FailoverService(f.Name)) is { } fos
            ? $"{fos.Address}:{fos.Port}{(fos.Active ? "" : ", inactive")}"
            : null;
    }

    private static string VirtualServer(VirtualServerConfig vs)
    {
        var service = vs.FirewallMark is { } mark ? $"fwmark {mark}" : $"{vs.Address}:{vs.Port}/{vs.Protocol.ToString().ToLowerInvariant()}";
        var reals = vs.RealServers.Count == 0 ? "no real servers" : string.Join(", ", vs.RealServers.Select(r => $"{r.Name} {RealServer(r, vs.Port)}"));
        return $"{service} {vs.Scheduler}{(vs.Active ? "" : ", inactive")}; {reals}";
    }

    private static string RealServer(RealServerConfig rs, int servicePort) =>
        $"{rs.Address}:{rs.Port ?? servicePort} weight {rs.Weight}{(rs.Drain ? ", draining" : "")}{(rs.Active ? "" : ", inactive")}";
}
