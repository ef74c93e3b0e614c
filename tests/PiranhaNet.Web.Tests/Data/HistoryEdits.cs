using PiranhaNet.Core.Model;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data;

/// <summary>Histories of edits of every kind, for the tests of versions kept as patches.</summary>
internal static class HistoryEdits
{
    /// <summary>
    /// Two hundred virtual servers with two real servers each: about 80 KB whole, so a patch of one (under 1 KB) is
    /// small beside it, as it is at any real size.
    /// </summary>
    public static LvsConfig TwoHundred() =>
        SampleConfigs.Direct([.. Enumerable.Range(1, 200).Select(i => SampleConfigs.Web($"vs{i}", $"10.0.{i / 250}.{i % 250 + 1}"))]);

    /// <summary>
    /// <paramref name="first"/> and then <paramref name="count"/> edits, one after another, in turn: a weight, a new
    /// virtual server, the removal of one, a reorder, a global setting, one moved to the end with a new address (or
    /// added back when it was removed before).
    /// </summary>
    public static IEnumerable<LvsConfig> Of(LvsConfig first, int count)
    {
        var config = first;
        yield return config;
        for (var i = 0; i < count; i++)
        {
            var servers = config.VirtualServers;
            var index = i % servers.Count;
            var name = $"vs{i % 200 + 1}";
            config = (i % 6) switch
            {
                0 => config with { VirtualServers = servers.SetItem(index, servers[index] with { RealServers = [.. servers[index].RealServers.Select(r => r with { Weight = i + 2 })] }) },
                1 => config with { VirtualServers = servers.Add(SampleConfigs.Web($"new{i}", $"192.0.2.{i % 50 + 150}")) },
                2 => config with { VirtualServers = [.. servers.Where((_, at) => at != index)] },
                3 => config with { VirtualServers = [servers[^1], .. servers.Take(servers.Count - 1)] },
                4 => config with { Global = config.Global with { Primary = $"192.0.2.{i % 50 + 1}" } },
                _ => config with { VirtualServers = [.. servers.Where(vs => vs.Name != name), SampleConfigs.Web(name, "198.51.100.1")] },
            };
            yield return config;
        }
    }
}
