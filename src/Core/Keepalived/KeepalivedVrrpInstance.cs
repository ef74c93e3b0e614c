using PiranhaNet.Core.Importing;
namespace PiranhaNet.Core.Keepalived;

/// <summary>An address a vrrp_instance moves: <c>ADDR[/LEN] [dev IF] [label LABEL]</c>.</summary>
internal sealed record KeepalivedVirtualAddress(string Address, int? PrefixLength, string? Device, string? Label, FileLocation Location)
{
    /// <summary>The device the model names (the alias label when there is one, e.g. eth0:1).</summary>
    public string? ModelDevice => Label ?? Device;
}

/// <summary>What a <c>vrrp_instance</c> says that PiranhaNet can carry.</summary>
internal sealed record KeepalivedVrrpInstance(
    string Name,
    FileLocation Location,
    bool Master,
    int Priority,
    double AdvertInterval,
    bool NoPreempt,
    IReadOnlyList<string> TrackedInterfaces,
    IReadOnlyList<KeepalivedVirtualAddress> Addresses,
    string? OwnAddress,
    IReadOnlyList<string> Peers,
    string? NotifyMaster,
    string? NotifyBackup,
    string? SyncInterface,
    bool TracksOwnInterface);
