using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Serialization.LvsText;
using static PiranhaNet.Core.Serialization.GlobalKeys;

namespace PiranhaNet.Core.Serialization;

/// <summary>The keys of a <c>server NAME { }</c> block, in the order Piranha's GUI writes them.</summary>
internal static class RealServerKeys
{
    public static IReadOnlyList<LvsKey<RealServerConfig>> All { get; } =
    [
        new("address", "address", (s, v) => s with { Address = v.Text() }, s => Word(s.Address)),
        new("active", "active", (s, v) => s with { Active = v.Bool() }, s => Bool(s.Active)),
        new("port", "port", (s, v) => s with { Port = v.Port() }, s => s.Port is { } p ? Int(p) : null),
        new("weight", "weight", (s, v) => s with { Weight = v.Int() }, s => Int(s.Weight)),
        new("uthreshold", "upperThreshold", (s, v) => s with { UpperThreshold = v.Int() }, s => NonZero(s.UpperThreshold), Extension: true),
        new("lthreshold", "lowerThreshold", (s, v) => s with { LowerThreshold = v.Int() }, s => NonZero(s.LowerThreshold), Extension: true),
        new("maintenance", "maintenance", (s, v) => s with { Maintenance = v.Bool() }, s => s.Maintenance ? Bool(true) : null, Extension: true),
        new("drain", "drain", (s, v) => s with { Drain = v.Bool() }, s => s.Drain ? Bool(true) : null, Extension: true),
        new("notify_up", "notifyUp", (s, v) => s with { NotifyUp = v.Text() }, s => OptionalQuoted(s.NotifyUp), Extension: true),
        new("notify_down", "notifyDown", (s, v) => s with { NotifyDown = v.Text() }, s => OptionalQuoted(s.NotifyDown), Extension: true),
    ];
}
