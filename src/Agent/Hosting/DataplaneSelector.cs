using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Agent.Dataplane.Userspace;

namespace PiranhaNet.Agent.Hosting;

/// <summary>
/// Opens the dataplane <c>--dataplane</c> asks for: the kernel's IPVS, the userspace proxy, or (auto) IPVS when the
/// kernel has it and the agent may use it, else the proxy; says which and why in the log. A dataplane asked for by
/// name that cannot be had is a <see cref="DataplaneException"/> saying why.
/// </summary>
internal static partial class DataplaneSelector
{
    /// <summary>The dataplane for <paramref name="choice"/>.</summary>
    public static IDataplane Open(DataplaneChoice choice, TimeProvider time, ILogger logger)
    {
        if (choice == DataplaneChoice.Userspace)
        {
            LogChosen(logger, "userspace", "chosen");
            return new UserspaceDataplane(time);
        }
        try
        {
            var kernel = KernelIpvsDataplane.Open();
            LogChosen(logger, "ipvs", "the kernel's IPVS over generic netlink");
            return kernel;
        }
        catch (DataplaneException e) when (choice == DataplaneChoice.Auto)
        {
            LogChosen(logger, "userspace", $"auto: {e.Message}");
            return new UserspaceDataplane(time);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "dataplane: {Dataplane} ({Why})")]
    private static partial void LogChosen(ILogger logger, string dataplane, string why);
}
