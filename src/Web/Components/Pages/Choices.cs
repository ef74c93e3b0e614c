using PiranhaNet.Core.Model;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>The options of the dashboard's selects, with the words an operator knows from Piranha.</summary>
public static class Choices
{
    /// <summary>One option.</summary>
    public sealed record Choice<T>(T Value, string Text);

    /// <summary>Forwarding methods as Piranha named them.</summary>
    public static IReadOnlyList<Choice<NetworkType>> Networks { get; } =
    [
        new(NetworkType.Nat, "NAT (masquerading)"),
        new(NetworkType.Direct, "Direct routing"),
        new(NetworkType.Tunnel, "Tunnelling (IP-in-IP)"),
    ];

    /// <summary>Per-virtual-server forwarding: the cluster default or one of the methods.</summary>
    public static IReadOnlyList<Choice<NetworkType?>> Forwarding { get; } =
        [new(null, "Cluster default"), .. Networks.Select(n => new Choice<NetworkType?>(n.Value, n.Text))];

    /// <summary>Schedulers with their one-line explanation.</summary>
    public static IReadOnlyList<Choice<string>> Schedulers { get; } =
        [.. SchedulerCatalog.All.Select(s => new Choice<string>(s.Name, $"{s.Name}: {s.Title}"))];

    /// <summary>Quorum policies of a cluster.</summary>
    public static IReadOnlyList<Choice<QuorumPolicy>> Quorums { get; } =
        [new(QuorumPolicy.Auto, "auto (on from three directors)"), new(QuorumPolicy.On, "on"), new(QuorumPolicy.Off, "off")];

    /// <summary>Protocols.</summary>
    public static IReadOnlyList<Choice<TransportProtocol>> Protocols { get; } =
        [new(TransportProtocol.Tcp, "TCP"), new(TransportProtocol.Udp, "UDP")];

    /// <summary>Load monitoring tools.</summary>
    public static IReadOnlyList<Choice<LoadMonitorTool>> LoadMonitors { get; } =
        [new(LoadMonitorTool.None, "none"), new(LoadMonitorTool.Uptime, "uptime"), new(LoadMonitorTool.Rup, "rup"), new(LoadMonitorTool.Ruptime, "ruptime")];

    /// <summary>Health check kinds.</summary>
    public static IReadOnlyList<Choice<HealthCheckKind>> CheckKinds { get; } =
    [
        new(HealthCheckKind.Connect, "Connect only"),
        new(HealthCheckKind.SendExpect, "Send / expect"),
        new(HealthCheckKind.Program, "External program"),
        new(HealthCheckKind.Http, "HTTP GET"),
        new(HealthCheckKind.Https, "HTTPS GET"),
    ];

    /// <summary>Service kinds.</summary>
    public static IReadOnlyList<Choice<ServiceKind>> Services { get; } =
        [new(ServiceKind.Lvs, "LVS: virtual servers balanced by IPVS"), new(ServiceKind.Fos, "FOS: failover services on the directors")];

    /// <summary>Remote shells.</summary>
    public static IReadOnlyList<Choice<RemoteShell>> Shells { get; } = [new(RemoteShell.Rsh, "rsh"), new(RemoteShell.Ssh, "ssh")];

    /// <summary>The explanation of a scheduler, for the hint under the select.</summary>
    public static string? Explain(string scheduler) => SchedulerCatalog.Find(scheduler)?.Explanation;

    /// <summary>Empty text from an input means "not set".</summary>
    public static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
