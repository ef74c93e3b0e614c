namespace PiranhaNet.Agent.Hosting;

/// <summary>Which dataplane the agent programs (<c>--dataplane</c>).</summary>
public enum DataplaneChoice
{
    /// <summary>The kernel's IPVS when it is there and usable, else nftables when it is, else the userspace proxy.</summary>
    Auto,
    /// <summary>The kernel's IPVS over generic netlink.</summary>
    Ipvs,
    /// <summary>NAT load balancing in the kernel's nftables, through libnftables.</summary>
    Nftables,
    /// <summary>The layer-4 proxy inside the agent.</summary>
    Userspace,
}
