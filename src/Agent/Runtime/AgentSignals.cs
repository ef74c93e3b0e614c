using PiranhaNet.Core.Concurrency;

namespace PiranhaNet.Agent.Runtime;

/// <summary>
/// The agent's wake-ups (see Core/Concurrency/README.md): anyone may set them; one loop waits on each. Coalescing:
/// many sets before the loop looks again cost one round.
/// </summary>
internal sealed class AgentSignals
{
    /// <summary>Health changed a real server's place in the table: the reconcile loop brings the table up to date.</summary>
    public ChangeSignal TableStale { get; } = new();

    /// <summary>Something the dashboard shows changed (an apply, health, redundancy): the status reporter reports soon.</summary>
    public ChangeSignal StatusChanged { get; } = new();

    /// <summary>The redundancy loop should look now: a heartbeat arrived, new keys, Make active, a new version.</summary>
    public ChangeSignal RedundancyDue { get; } = new();
}
