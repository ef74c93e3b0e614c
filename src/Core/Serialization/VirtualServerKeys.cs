using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Serialization.GlobalKeys;
using static PiranhaNet.Core.Serialization.LvsText;

namespace PiranhaNet.Core.Serialization;

/// <summary>The keys of a <c>virtual NAME { }</c> block, in the order Piranha's GUI writes them.</summary>
internal static class VirtualServerKeys
{
    private static readonly VirtualServerConfig s_defaults = new() { Name = "" };

    public static IReadOnlyList<LvsKey<VirtualServerConfig>> All { get; } =
    [
        new("active", "active", (s, v) => s with { Active = v.Bool() }, s => Bool(s.Active)),
        new("address", "address", (s, v) => v.AddressAndDevice() is var (a, d) ? s with { Address = a, Device = d } : s,
            s => AddressWithDevice(s.Address, s.Device), SecondPath: "device"),
        new("sorry_server", "sorryServer", (s, v) => s with { SorryServer = v.Text() }, s => OptionalWord(s.SorryServer)),
        new("vip_nmask", "vipNetmask", (s, v) => s with { VipNetmask = v.Text() }, s => OptionalWord(s.VipNetmask)),
        new("fwmark", "firewallMark", (s, v) => s with { FirewallMark = v.UInt() }, s => s.FirewallMark is { } m ? Int(m) : null),
        new("port", "port", (s, v) => s with { Port = v.Port() }, s => Int(s.Port)),
        new("persistent", "persistent", (s, v) => s with { Persistent = v.Int() }, s => NonZero(s.Persistent)),
        new("pmask", "persistenceNetmask", (s, v) => s with { PersistenceNetmask = v.Text() }, s => OptionalWord(s.PersistenceNetmask)),
        .. HealthCheckKeys.Piranha<VirtualServerConfig>(s => s.HealthCheck, (s, h) => s with { HealthCheck = h }),
        new("load_monitor", "loadMonitor", (s, v) => s with { LoadMonitor = v.Enum<LoadMonitorTool>() }, s => EnumName(s.LoadMonitor)),
        new("scheduler", "scheduler", (s, v) => s with { Scheduler = v.Text() }, s => Word(s.Scheduler)),
        new("protocol", "protocol", (s, v) => s with { Protocol = v.Enum<TransportProtocol>() }, s => EnumName(s.Protocol)),
        new("timeout", "timeout", (s, v) => s with { Timeout = v.Int() }, s => Int(s.Timeout)),
        new("reentry", "reentry", (s, v) => s with { Reentry = v.Int() }, s => Int(s.Reentry)),
        new("quiesce_server", "quiesceServer", (s, v) => s with { QuiesceServer = v.Bool() }, s => Bool(s.QuiesceServer)),
        new("client_monitor", "clientMonitor", (s, v) => s with { ClientMonitor = v.Text() }, s => OptionalWord(s.ClientMonitor)),
        new("forwarding", "forwardingMethod", (s, v) => s with { ForwardingMethod = v.Enum<NetworkType>() },
            s => s.ForwardingMethod is { } f ? EnumName(f) : null, Extension: true),
        new("scheduler_flags", "schedulerFlags", (s, v) => s with { SchedulerFlags = v.List() },
            s => s.SchedulerFlags == s_defaults.SchedulerFlags ? null : Word(string.Join(',', s.SchedulerFlags)), Extension: true),
        .. HealthCheckKeys.Extensions<VirtualServerConfig>(s => s.HealthCheck, (s, h) => s with { HealthCheck = h }),
        new("group", "group", (s, v) => s with { Group = v.Text() }, s => OptionalWord(s.Group), Extension: true),
    ];
}
