using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>FNV-1a, 32 bits: a hash stable across processes and runs (unlike string.GetHashCode) for the hashing schedulers.</summary>
internal static class Fnv1a
{
    public static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }

    /// <summary>The hash of an address's bytes.</summary>
    public static uint Hash(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out var written) ? Hash(bytes[..written]) : 0;
    }
}
