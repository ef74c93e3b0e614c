using System.Runtime.InteropServices;

namespace PiranhaNet.Agent.Interop;

/// <summary>A file descriptor the agent opened itself (a netlink or packet socket); closed once, when disposed or finalised.</summary>
internal sealed class FileDescriptor() : SafeHandle(invalidHandleValue: -1, ownsHandle: true)
{
    /// <inheritdoc />
    public override bool IsInvalid => handle == -1;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Sys.Close((int)handle);
}
