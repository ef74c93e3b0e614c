using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The redundancy status as the redundancy loop last published it, for the status reporter. The dashboard hears of
/// a new one soon (<see cref="AgentSignals.StatusChanged"/>) only when more than its times and round trips changed:
/// those move with every heartbeat and go with the regular report. Thread-safe.
/// </summary>
internal sealed class RedundancyStatusPublisher(AgentSignals signals)
{
    private volatile RedundancyStatus? _current;

    /// <summary>The last status published, or null before the first configuration.</summary>
    public RedundancyStatus? Current => _current;

    /// <summary>Makes <paramref name="status"/> the current one.</summary>
    public void Publish(RedundancyStatus status)
    {
        var before = _current;
        _current = status;
        if (before is null || Quiet(before) != Quiet(status))
        {
            signals.StatusChanged.Set();
        }
    }

    private static RedundancyStatus Quiet(RedundancyStatus status) =>
        status with { Paths = status.Paths.Select(p => p with { LastHeard = null, RoundTripMilliseconds = null }).ToEquatableArray() };
}
