namespace PiranhaNet.Web.Data;

/// <summary>A save was based on a version that is no longer the latest; nothing was written.</summary>
public sealed class ConfigVersionConflictException(int basedOn, int latest)
    : Exception($"the configuration changed: this change is based on version {basedOn} but the latest is version {latest}; reload and apply it again")
{
    /// <summary>The version the refused change was based on.</summary>
    public int BasedOn { get; } = basedOn;

    /// <summary>The newer version that exists.</summary>
    public int Latest { get; } = latest;
}
