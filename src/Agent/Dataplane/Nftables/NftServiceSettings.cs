using System.Globalization;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// A service's own settings as the comment of its scheduling rule holds them
/// (<c>layout=1 scheduler=wrr flags=0 persistent=300 prefix=24 ring=60</c>), so a restarted agent reads back exactly
/// what it wrote: nft keeps a rule's comment with the rule, and the rule is rewritten whenever one of these changes.
/// The layout is that of the service's objects (<see cref="NftServiceScript"/>): a service written in another reads as
/// not PiranhaNet's, and is rewritten whole.
/// </summary>
/// <param name="Scheduler">The scheduler's kernel name.</param>
/// <param name="Flags">The scheduler flag bits.</param>
/// <param name="PersistenceTimeout">Seconds, 0 when not persistent.</param>
/// <param name="PersistencePrefix">The persistence netmask's prefix length.</param>
/// <param name="RingSize">The number of slots in the ring (the rule's modulus).</param>
internal sealed record NftServiceSettings(string Scheduler, uint Flags, uint PersistenceTimeout, int PersistencePrefix, int RingSize)
{
    /// <summary>The layout of a service's objects that this agent writes; a change to <see cref="NftServiceScript"/>'s output changes it.</summary>
    public const int Layout = 1;

    /// <summary>The comment for <paramref name="service"/> with a ring of <paramref name="ringSize"/> slots.</summary>
    public static string Format(IpvsService service, int ringSize) => string.Create(CultureInfo.InvariantCulture,
        $"layout={Layout} scheduler={service.Scheduler} flags={service.SchedulerFlags} persistent={service.PersistenceTimeout} prefix={service.PersistencePrefix} ring={ringSize}");

    /// <summary>The settings in a comment, or null when it is not one of ours (someone edited the rule).</summary>
    public static NftServiceSettings? Parse(string? comment)
    {
        if (comment is null)
        {
            return null;
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in comment.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !fields.TryAdd(part[..equals], part[(equals + 1)..]))
            {
                return null;
            }
        }
        return TryNumber(fields, "layout", out var layout) && layout == Layout
            && fields.TryGetValue("scheduler", out var scheduler) && scheduler.Length > 0
            && TryNumber(fields, "flags", out var flags) && TryNumber(fields, "persistent", out var persistent)
            && TryNumber(fields, "prefix", out var prefix) && prefix <= 128 && TryNumber(fields, "ring", out var ring) && ring is > 0 and <= SlotRing.LargestRing
            ? new NftServiceSettings(scheduler, flags, persistent, (int)prefix, (int)ring)
            : null;
    }

    private static bool TryNumber(Dictionary<string, string> fields, string name, out uint value)
    {
        value = 0;
        return fields.TryGetValue(name, out var text) && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
