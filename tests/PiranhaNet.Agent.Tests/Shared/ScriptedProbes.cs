using System.Collections.Concurrent;
using System.Net;
using PiranhaNet.Agent.Health;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Shared;

/// <summary>Probes whose answers the test gives, per target port; each check is counted. Unscripted targets are up.</summary>
internal sealed class ScriptedProbes : IHealthProbes
{
    private readonly ConcurrentDictionary<int, ProbeResult> _answers = new();
    private readonly ConcurrentDictionary<int, int> _checks = new();
    private int _made;

    /// <summary>How many probes were made (one per checked server).</summary>
    public int Made => Volatile.Read(ref _made);

    /// <summary>How many checks went to <paramref name="port"/>.</summary>
    public int ChecksOf(int port) => _checks.GetValueOrDefault(port);

    /// <summary>From now on, checks of <paramref name="port"/> find <paramref name="result"/>.</summary>
    public void Answer(int port, ProbeResult result) => _answers[port] = result;

    public IHealthProbe For(HealthCheckConfig check, TransportProtocol protocol)
    {
        Interlocked.Increment(ref _made);
        return new Probe(this);
    }

    private sealed class Probe(ScriptedProbes script) : IHealthProbe
    {
        public Task<ProbeResult> ProbeAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
        {
            script._checks.AddOrUpdate(target.Port, 1, (_, n) => n + 1);
            return Task.FromResult(script._answers.GetValueOrDefault(target.Port) ?? ProbeResult.Up("connected"));
        }
    }
}
