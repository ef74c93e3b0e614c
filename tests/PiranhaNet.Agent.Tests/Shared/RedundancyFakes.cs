using System.Collections.Concurrent;
using System.Net;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Tests.Shared;

/// <summary>Heartbeat links the test drives: it hears for the director and reads what the director sent.</summary>
internal sealed class ScriptedHeartbeatLinks : IHeartbeatLinks
{
    public ScriptedLink? Link { get; private set; }

    public IHeartbeatLink Open(IReadOnlyList<HeartbeatPath> paths, int port, IReadOnlyList<byte[]> keys, Action<HeartbeatPacket> heard) =>
        Link = new ScriptedLink(paths, heard);

    internal sealed class ScriptedLink(IReadOnlyList<HeartbeatPath> paths, Action<HeartbeatPacket> heard) : IHeartbeatLink
    {
        private ulong _sequence;

        public IReadOnlyList<HeartbeatPath> Paths { get; } = paths;

        public ConcurrentQueue<(DirectorRole Role, DirectorState State, bool Forced)> Sent { get; } = new();

        public bool Disposed { get; private set; }

        /// <summary>The peer's heartbeat arrives.</summary>
        public void Hear(DirectorRole role, DirectorState state, DateTimeOffset at, bool forced = false) =>
            heard(new HeartbeatPacket(role, state, ++_sequence, at, forced));

        public Task SendAsync(DirectorRole role, DirectorState state, bool forced, CancellationToken cancellationToken)
        {
            Sent.Enqueue((role, state, forced));
            return Task.CompletedTask;
        }

        public void SetKeys(IReadOnlyList<byte[]> keys)
        {
        }

        public IReadOnlyList<HeartbeatPathStatus> Status(TimeSpan deadtime) =>
            [.. Paths.Select(p => new HeartbeatPathStatus(p.Name, p.Local.ToString(), p.Peer.ToString(), true, null, null))];

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Takeover actions that only record what was asked of them, in order, as lines.</summary>
internal sealed class RecordingTakeoverActions : ITakeoverActions
{
    private readonly List<FloatingAddress> _held = [];

    public ConcurrentQueue<string> Done { get; } = new();

    public IReadOnlyList<FloatingAddress> Held => [.. _held];

    public List<string> Take(IEnumerable<FloatingAddress> addresses)
    {
        foreach (var address in addresses.Where(a => !_held.Contains(a)))
        {
            _held.Add(address);
            Done.Enqueue($"take {address.Address}");
        }
        return [];
    }

    public void AnnounceAgain(IReadOnlyCollection<FloatingAddress>? only = null) =>
        Done.Enqueue(only is null ? "announce again" : $"announce again {string.Join(",", only.Select(a => a.Address))}");

    public List<string> Release(IEnumerable<FloatingAddress>? addresses = null)
    {
        foreach (var address in (addresses ?? _held).ToList())
        {
            _held.Remove(address);
            Done.Enqueue($"release {address.Address}");
        }
        return [];
    }

    public Task<string?> SyncAsync(SyncDaemonConfig sync, SyncRoles roles, CancellationToken cancellationToken)
    {
        Done.Enqueue(roles switch { SyncRoles.Master => "sync master", SyncRoles.Backup => "sync backup", _ => "sync master and backup" });
        return Task.FromResult<string?>(null);
    }

    public Task<List<string>> RunAsync(IEnumerable<(string What, string? CommandLine)> commands, CancellationToken cancellationToken)
    {
        foreach (var (what, commandLine) in commands.Where(c => !string.IsNullOrEmpty(c.CommandLine)))
        {
            Done.Enqueue($"run {what}: {commandLine}");
        }
        return Task.FromResult<List<string>>([]);
    }
}

/// <summary>A host's addresses and carriers as the test sets them.</summary>
internal sealed class FakeNetworkDevices(params string[] addresses) : INetworkDevices
{
    public HashSet<string> WithoutCarrier { get; } = [];

    public IReadOnlySet<IPAddress> LocalAddresses() => addresses.Select(IPAddress.Parse).ToHashSet();

    public bool HasCarrier(string device) => !WithoutCarrier.Contains(device);
}
