namespace PiranhaNet.Agent.Interop;

/// <summary>
/// A system call or the kernel refused: <see cref="Errno"/> is why (EEXIST, ENOENT, ...). Raised below the agent's
/// small kernel interfaces (the IPVS client, floating addresses, announcements), which translate it into what their
/// callers know; it never leaves them.
/// </summary>
internal class SystemCallException(int errno, string message) : Exception(message)
{
    /// <summary>The errno, as in asm-generic/errno-base.h and errno.h.</summary>
    public int Errno { get; } = errno;

    /// <summary>True when the errno is <paramref name="errno"/>.</summary>
    public bool Is(Errno errno) => Errno == (int)errno;
}
