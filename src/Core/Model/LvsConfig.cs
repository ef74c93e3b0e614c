namespace PiranhaNet.Core.Model;

/// <summary>
/// A whole cluster configuration: the lvs.cf equivalent and the desired state pushed to every director.
/// Immutable with value equality, so two configurations compare with <c>==</c>.
/// </summary>
public sealed record LvsConfig
{
    /// <summary>Configuration version (<c>serial_no</c>); the store assigns it on save.</summary>
    public int SerialNo { get; init; }

    /// <summary>lvs or fos (<c>service</c>).</summary>
    public ServiceKind Service { get; init; } = ServiceKind.Lvs;

    /// <summary>Cluster-wide settings.</summary>
    public GlobalSettingsConfig Global { get; init; } = new();

    /// <summary>The backup director and heartbeat.</summary>
    public RedundancyConfig Redundancy { get; init; } = new();

    /// <summary>IPVS virtual servers (service = lvs), in file order.</summary>
    public EquatableArray<VirtualServerConfig> VirtualServers { get; init; } = EquatableArray<VirtualServerConfig>.Empty;

    /// <summary>Failover services (service = fos), in file order.</summary>
    public EquatableArray<FailoverServiceConfig> FailoverServices { get; init; } = EquatableArray<FailoverServiceConfig>.Empty;

    /// <summary>The empty configuration a new installation starts from.</summary>
    public static LvsConfig Empty { get; } = new();
}
