using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// One real server's health as its check results come in, as Piranha's nanny and keepalived judge it: an up
/// server goes down after <c>fall</c> failures in a row; a down one needs <c>rise</c> passes in a row, then
/// <c>reentry</c> seconds of continuous health (entering), then comes back at weight 1 and doubles its weight
/// with every passed check until it reaches the configured weight (ramping). A server starts up, so an agent
/// restart does not take every server out until its first check. Not thread-safe: one check loop owns it.
/// </summary>
internal sealed class RealServerHealth(int fall, int rise, TimeSpan reentry, int weight, DateTimeOffset now)
{
    private int _failures;
    private int _successes;
    private int _rampWeight;
    // The weight the last healthy check set (dynamic weights), or null for the configured one.
    private int? _checkWeight;

    /// <summary>Up, down, entering or ramping.</summary>
    public HealthState State { get; private set; } = HealthState.Up;

    /// <summary>The last result: the error while failing, else what the check saw.</summary>
    public string Detail { get; private set; } = "not checked yet";

    /// <summary>When the server entered <see cref="State"/>.</summary>
    public DateTimeOffset Since { get; private set; } = now;

    /// <summary>
    /// The weight it should have in the table: the configured one (or the one its check set) when up, the ramp's
    /// while ramping, else 0.
    /// </summary>
    public int Weight => State switch
    {
        HealthState.Up => _checkWeight ?? weight,
        HealthState.Ramping => _rampWeight,
        _ => 0,
    };

    /// <summary>While entering: when it goes back in if it stays healthy; otherwise null.</summary>
    public DateTimeOffset? ReentersAt => State == HealthState.Entering ? Since + reentry : null;

    /// <summary>Whether it belongs in the table (up or ramping).</summary>
    public bool InService => State is HealthState.Up or HealthState.Ramping;

    /// <summary>New settings from a new configuration version; the state carries on.</summary>
    public void Reconfigure(int newFall, int newRise, TimeSpan newReentry, int newWeight)
    {
        (fall, rise, reentry, weight) = (newFall, newRise, newReentry, newWeight);
        if (State == HealthState.Ramping && _rampWeight >= weight)
        {
            Enter(HealthState.Up, Since);
        }
    }

    /// <summary>Takes one check's result; true when the server's place in the table changed (in or out, or its weight).</summary>
    public bool Record(ProbeResult result, DateTimeOffset at)
    {
        var (wasIn, wasWeight) = (InService, Weight);
        Detail = result.Detail;
        if (result.Healthy)
        {
            _checkWeight = result.Weight;
            Passed(at);
        }
        else
        {
            Failed(at);
        }
        return wasIn != InService || wasWeight != Weight;
    }

    private void Passed(DateTimeOffset at)
    {
        _failures = 0;
        switch (State)
        {
            case HealthState.Down when ++_successes >= rise:
                if (reentry > TimeSpan.Zero)
                {
                    Enter(HealthState.Entering, at);
                }
                else
                {
                    StartRamp(at);
                }
                break;
            case HealthState.Entering when at - Since >= reentry:
                StartRamp(at);
                break;
            case HealthState.Ramping:
                _rampWeight = Math.Min(weight, _rampWeight * 2);
                if (_rampWeight >= weight)
                {
                    Enter(HealthState.Up, at);
                }
                break;
        }
    }

    private void Failed(DateTimeOffset at)
    {
        _successes = 0;
        switch (State)
        {
            case HealthState.Entering:
                Enter(HealthState.Down, at);   // re-entry needs continuous health
                break;
            case HealthState.Up or HealthState.Ramping when ++_failures >= fall:
                Enter(HealthState.Down, at);
                break;
        }
    }

    // A weight of 1 (or less) has nothing to ramp: straight back up.
    private void StartRamp(DateTimeOffset at)
    {
        _rampWeight = 1;
        Enter(weight > 1 ? HealthState.Ramping : HealthState.Up, at);
    }

    private void Enter(HealthState state, DateTimeOffset at)
    {
        (State, Since, _failures, _successes) = (state, at, 0, 0);
    }
}
