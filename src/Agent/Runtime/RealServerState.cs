using PiranhaNet.Agent.Health;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Runtime;

/// <summary>
/// One checked real server as it is now, in the manner of YARP's destination state: the settings it was last
/// given (<see cref="CheckedServer"/>, never rewritten) and its live health (<see cref="RealServerHealth"/>). Its
/// check loop is the only writer; the desired table and the status report read it, under its lock.
/// </summary>
internal sealed class RealServerState
{
    private readonly Lock _lock = new();
    private readonly RealServerHealth _health;
    private CheckedServer _server;

    public RealServerState(CheckedServer server, DateTimeOffset now)
    {
        _server = server;
        _health = new RealServerHealth(server.Check.Fall, server.Check.Rise, server.Reentry, server.Weight, now);
    }

    /// <summary>The settings in force.</summary>
    public CheckedServer Server
    {
        get
        {
            lock (_lock)
            {
                return _server;
            }
        }
    }

    /// <summary>New settings of a new version (same probe); the health carries on.</summary>
    public void Reconfigure(CheckedServer server)
    {
        lock (_lock)
        {
            _server = server;
            _health.Reconfigure(server.Check.Fall, server.Check.Rise, server.Reentry, server.Weight);
        }
    }

    /// <summary>
    /// Takes one check's result: whether the server's place in the table changed (in or out, or its weight), and
    /// its change of state, if any, as an event.
    /// </summary>
    public (bool PlaceChanged, HealthEvent? Transition) Record(ProbeResult result, DateTimeOffset at)
    {
        lock (_lock)
        {
            var before = _health.State;
            var placeChanged = _health.Record(result, at);
            var transition = before == _health.State ? null
                : new HealthEvent(at, _server.VirtualServer, _server.RealServer, before, _health.State, result.Detail);
            return (placeChanged, transition);
        }
    }

    /// <summary>Its place in the table now: as configured when up, the ramp weight while ramping, else out.</summary>
    public RealServerAvailability Availability
    {
        get
        {
            lock (_lock)
            {
                return _health.State == HealthState.Up ? RealServerAvailability.AsConfigured
                    : _health.InService ? new RealServerAvailability(true, _health.Weight)
                    : RealServerAvailability.OutOfService;
            }
        }
    }

    /// <summary>Its health for the status report: draining while healthy and drained by the operator.</summary>
    public RealServerHealthStatus Status()
    {
        lock (_lock)
        {
            var (server, health) = (_server, _health);
            return server.Drain && health.InService
                ? new RealServerHealthStatus(server.VirtualServer, server.RealServer, HealthState.Draining, 0, health.Detail, health.Since)
                : new RealServerHealthStatus(server.VirtualServer, server.RealServer, health.State, server.Drain ? 0 : health.Weight, health.Detail,
                    health.Since, health.ReentersAt);
        }
    }
}
