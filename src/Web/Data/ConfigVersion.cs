using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data;

/// <summary>A stored version with its configuration. <see cref="LvsConfig.SerialNo"/> equals <see cref="ConfigVersionInfo.Serial"/>.</summary>
public sealed record ConfigVersion(ConfigVersionInfo Info, LvsConfig Config)
{
    /// <summary>Version 0: the empty configuration every installation starts from, before the first save.</summary>
    public static ConfigVersion Initial { get; } =
        new(new ConfigVersionInfo(0, "", DateTimeOffset.UnixEpoch, "empty configuration", 0, 0, null), LvsConfig.Empty);
}
