using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Serialization.GlobalKeys;
using static PiranhaNet.Core.Serialization.LvsText;

namespace PiranhaNet.Core.Serialization;

/// <summary>The keys of a <c>failover NAME { }</c> block, in the order Piranha's GUI writes them.</summary>
internal static class FailoverServiceKeys
{
    public static IReadOnlyList<LvsKey<FailoverServiceConfig>> All { get; } =
    [
        new("address", "address", (s, v) => v.AddressAndDevice() is var (a, d) ? s with { Address = a, Device = d } : s,
            s => AddressWithDevice(s.Address, s.Device), SecondPath: "device"),
        new("vip_nmask", "vipNetmask", (s, v) => s with { VipNetmask = v.Text() }, s => OptionalWord(s.VipNetmask)),
        new("active", "active", (s, v) => s with { Active = v.Bool() }, s => Bool(s.Active)),
        new("port", "port", (s, v) => s with { Port = v.Port() }, s => Int(s.Port)),
        new("timeout", "timeout", (s, v) => s with { Timeout = v.Int() }, s => Int(s.Timeout)),
        new("reentry", "reentry", (s, v) => s with { Reentry = v.Int() }, s => Int(s.Reentry)),
        .. HealthCheckKeys.Piranha<FailoverServiceConfig>(s => s.HealthCheck, (s, h) => s with { HealthCheck = h }),
        new("start_cmd", "startCommand", (s, v) => s with { StartCommand = v.Text() }, s => OptionalQuoted(s.StartCommand)),
        new("stop_cmd", "stopCommand", (s, v) => s with { StopCommand = v.Text() }, s => OptionalQuoted(s.StopCommand)),
        .. HealthCheckKeys.Extensions<FailoverServiceConfig>(s => s.HealthCheck, (s, h) => s with { HealthCheck = h }),
        new("group", "group", (s, v) => s with { Group = v.Text() }, s => OptionalWord(s.Group), Extension: true),
    ];
}
