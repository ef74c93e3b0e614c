using System.ComponentModel;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Agent.Interop;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Agent.Tests.Shared;

/// <summary>
/// An IPVS table in memory that answers as the kernel does: EEXIST for adding what is there, ESRCH for a service it
/// does not have, ENOENT for a missing destination or an unknown scheduler. <see cref="RefuseWhen"/> makes it refuse
/// chosen changes with EINVAL. For unit tests of what sits above <see cref="IIpvsClient"/>; the VM checks prove the
/// real kernel.
/// </summary>
internal sealed class InMemoryIpvsClient : IIpvsClient
{
    private readonly List<IpvsService> _services = [];
    private readonly List<IpvsSyncDaemon> _daemons = [];
    private IpvsTimeouts _timeouts = new(900, 120, 300);

    /// <summary>Changes for which this returns true are refused with EINVAL.</summary>
    public Func<IpvsChange, bool> RefuseWhen { get; set; } = _ => false;

    /// <summary>Every change made, in order (refused ones are not).</summary>
    public List<IpvsChange> Applied { get; } = [];

    /// <summary>True once disposed.</summary>
    public bool Disposed { get; private set; }

    /// <summary>The table now.</summary>
    public IReadOnlyList<IpvsService> Services => [.. _services];

    public IReadOnlyList<IpvsServiceStatus> ReadStatus() => [.. _services.Select(IpvsServiceStatus.Unmeasured)];

    public IpvsServiceStatus? ReadStatus(IpvsServiceKey key) => Find(key) is { } found ? IpvsServiceStatus.Unmeasured(found) : null;

    public void Apply(IpvsChange change)
    {
        if (RefuseWhen(change))
        {
            throw Refused(Errno.Invalid);
        }
        var index = _services.FindIndex(s => s.Key == change.Service.Key);
        switch (change.Kind)
        {
            case IpvsChangeKind.AddService when index >= 0:
                throw Refused(Errno.Exists);
            case IpvsChangeKind.AddService or IpvsChangeKind.EditService when SchedulerCatalog.Find(change.Service.Scheduler) is null:
                throw Refused(Errno.NoEntry);
            case IpvsChangeKind.AddService:
                _services.Add(change.Service with { Destinations = [] });
                break;
            case not IpvsChangeKind.AddService when index < 0:
                throw Refused(Errno.NoSuchProcess);
            case IpvsChangeKind.EditService:
                _services[index] = change.Service with { Destinations = _services[index].Destinations };
                break;
            case IpvsChangeKind.DeleteService:
                _services.RemoveAt(index);
                break;
            default:
                ApplyDestination(index, change);
                break;
        }
        Applied.Add(change);
    }

    private void ApplyDestination(int index, IpvsChange change)
    {
        var destination = change.Destination!;
        var destinations = _services[index].Destinations.ToList();
        var at = destinations.FindIndex(d => d.Key.Equals(destination.Key));
        switch (change.Kind)
        {
            case IpvsChangeKind.AddDestination when at >= 0:
                throw Refused(Errno.Exists);
            case IpvsChangeKind.AddDestination:
                destinations.Add(destination);
                break;
            case not IpvsChangeKind.AddDestination when at < 0:
                throw Refused(Errno.NoEntry);
            case IpvsChangeKind.EditDestination:
                destinations[at] = destination;
                break;
            default:
                destinations.RemoveAt(at);
                break;
        }
        _services[index] = _services[index] with { Destinations = [.. destinations] };
    }

    public IpvsTimeouts ReadTimeouts() => _timeouts;

    public void SetTimeouts(IpvsTimeouts timeouts) =>
        _timeouts = timeouts.Tcp < 0 || timeouts.TcpFin < 0 || timeouts.Udp < 0 ? throw Refused(Errno.Invalid) : timeouts;

    public IReadOnlyList<IpvsSyncDaemon> ReadSyncDaemons() => [.. _daemons];

    public void StartSyncDaemon(IpvsSyncDaemon daemon)
    {
        if (_daemons.Exists(d => d.Role == daemon.Role))
        {
            throw Refused(Errno.Exists);
        }
        _daemons.Add(daemon);
    }

    public void StopSyncDaemon(IpvsSyncRole role) => _daemons.RemoveAll(d => d.Role == role);

    public void Dispose() => Disposed = true;

    private IpvsService? Find(IpvsServiceKey key) => _services.Find(s => s.Key == key);

    private static DataplaneException Refused(Errno errno) => new(new Win32Exception((int)errno).Message, errno: (int)errno);
}
