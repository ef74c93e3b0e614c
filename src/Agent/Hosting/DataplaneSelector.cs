using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Agent.Dataplane.Nftables;
using PiranhaNet.Agent.Dataplane.Userspace;

namespace PiranhaNet.Agent.Hosting;

/// <summary>
/// Opens the dataplane <c>--dataplane</c> asks for: the kernel's IPVS, nftables, the userspace proxy, or (auto) the
/// first of those three that this kernel has and the agent may use; says which and why in the log. A dataplane asked
/// for by name that cannot be had is a <see cref="DataplaneException"/> saying why.
/// </summary>
internal static partial class DataplaneSelector
{
    /// <summary>The dataplane for <paramref name="choice"/>; <paramref name="masquerade"/> is for nftables (see <see cref="AgentOptions.Masquerade"/>).</summary>
    public static IDataplane Open(DataplaneChoice choice, bool masquerade, TimeProvider time, ILogger logger)
    {
        var dataplane = Open(choice, time, masquerade, logger);
        if (masquerade && dataplane is not NftablesDataplane)
        {
            LogMasqueradeIgnored(logger, dataplane.Name);
        }
        return dataplane;
    }

    private static IDataplane Open(DataplaneChoice choice, TimeProvider time, bool masquerade, ILogger logger)
    {
        switch (choice)
        {
            case DataplaneChoice.Userspace:
                LogChosen(logger, "userspace", "chosen");
                return new UserspaceDataplane(time);
            case DataplaneChoice.Ipvs:
                return Chosen(logger, KernelIpvsDataplane.Open(), "the kernel's IPVS over generic netlink");
            case DataplaneChoice.Nftables:
                return Chosen(logger, NftablesDataplane.Open(time, masquerade), "NAT in the kernel's nftables, through libnftables");
        }
        var unavailable = new List<string>();
        try
        {
            return Chosen(logger, KernelIpvsDataplane.Open(), "auto: the kernel's IPVS over generic netlink");
        }
        catch (DataplaneException e)
        {
            unavailable.Add(e.Message);
        }
        try
        {
            return Chosen(logger, NftablesDataplane.Open(time, masquerade), $"auto: NAT in the kernel's nftables; {unavailable[0]}");
        }
        catch (DataplaneException e)
        {
            unavailable.Add(e.Message);
        }
        LogChosen(logger, "userspace", $"auto: {string.Join("; ", unavailable)}");
        return new UserspaceDataplane(time);
    }

    private static IDataplane Chosen(ILogger logger, IDataplane dataplane, string why)
    {
        LogChosen(logger, dataplane.Name, why);
        return dataplane;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "--masquerade is for the nftables dataplane; the {Dataplane} dataplane does not masquerade")]
    private static partial void LogMasqueradeIgnored(ILogger logger, string dataplane);

    [LoggerMessage(Level = LogLevel.Information, Message = "dataplane: {Dataplane} ({Why})")]
    private static partial void LogChosen(ILogger logger, string dataplane, string why);
}
