using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// IPVS persistence for the proxy: a client (its address masked to the persistence prefix) keeps its
/// destination for the timeout after its last connection. Thread-safe.
/// </summary>
internal sealed class PersistenceTable(TimeProvider time)
{
    // Expired entries are swept every so many remembers: ConcurrentDictionary.Count takes every lock, too dear per connection.
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<IPAddress, (IPEndPoint Destination, DateTimeOffset Until)> _entries = new();
    private int _remembered;

    /// <summary>The remembered destination of <paramref name="client"/>, if it has not expired.</summary>
    public IPEndPoint? Find(IPAddress client, int prefix) =>
        _entries.TryGetValue(Mask(client, prefix), out var entry) && entry.Until > time.GetUtcNow() ? entry.Destination : null;

    /// <summary>Remembers (or refreshes) <paramref name="client"/>'s destination for <paramref name="timeout"/>.</summary>
    public void Remember(IPAddress client, int prefix, IPEndPoint destination, TimeSpan timeout)
    {
        _entries[Mask(client, prefix)] = (destination, time.GetUtcNow() + timeout);
        if (Interlocked.Increment(ref _remembered) % SweepEvery == 0)
        {
            var now = time.GetUtcNow();
            foreach (var (key, entry) in _entries.Where(e => e.Value.Until <= now))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        var bits = AddressText.MaxPrefix(address.AddressFamily);
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(Math.Min(prefix, bits) - i * 8, 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
