namespace PiranhaNet.Agent.Dataplane;

/// <summary>
/// A change or read the dataplane could not make; the message names the service and the reason, and
/// <see cref="Errno"/> is the kernel's reason when it was the kernel that refused (IPVS).
/// </summary>
internal sealed class DataplaneException(string message, Exception? inner = null, int? errno = null) : Exception(message, inner)
{
    /// <summary>The kernel's errno, or null when the refusal was not the kernel's.</summary>
    public int? Errno { get; } = errno;
}
