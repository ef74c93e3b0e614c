namespace PiranhaNet.Core.Dataplanes;

/// <summary>The names a director's agent gives its dataplane (in its hello, on the pages): the one place they are spelled.</summary>
public static class DataplaneNames
{
    /// <summary>The kernel's IPVS.</summary>
    public const string Ipvs = "ipvs";

    /// <summary>NAT load balancing in the kernel's nftables.</summary>
    public const string Nftables = "nftables";

    /// <summary>The agent's own layer-4 proxy.</summary>
    public const string Userspace = "userspace";
}
