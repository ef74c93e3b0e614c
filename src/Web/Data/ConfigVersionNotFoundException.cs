namespace PiranhaNet.Web.Data;

/// <summary>A configuration version that does not exist was asked for.</summary>
public sealed class ConfigVersionNotFoundException(int serial) : Exception($"configuration version {serial} does not exist")
{
    /// <summary>The missing version.</summary>
    public int Serial { get; } = serial;
}
