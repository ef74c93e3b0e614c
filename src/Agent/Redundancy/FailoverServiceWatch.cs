using System.Net;
using PiranhaNet.Agent.Health;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// Checks the failover services (service = fos) while this director is active, each every <c>timeout</c>
/// seconds at its address and port with its own check. A failed check is a failure of the director: it goes to
/// fault (the peer takes over and runs the service) for the service's <c>reentry</c> seconds, then may take
/// the work back. Checks run off the redundancy loop, which must keep its heartbeats on time.
/// </summary>
internal sealed partial class FailoverServiceWatch(IHealthProbes probes, TimeProvider time, ILogger<FailoverServiceWatch> logger)
{
    private readonly Dictionary<string, DateTimeOffset> _nextCheck = [];
    private readonly HashSet<string> _inFlight = [];
    private readonly Lock _gate = new();
    private (string Reason, DateTimeOffset Until)? _fault;

    /// <summary>Why a failover service makes this director unfit, until its reentry time is up; null otherwise.</summary>
    public string? Fault(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _fault is { } fault && fault.Until > now ? fault.Reason : null;
        }
    }

    /// <summary>Starts the checks that are due; while not active none run, and the first after a takeover waits a full interval.</summary>
    public void Tick(IEnumerable<FailoverServiceConfig> services, bool active, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!active)
            {
                _nextCheck.Clear();
                return;
            }
            foreach (var service in services.Where(s => s.Active && AddressText.TryParse(s.Address, out _)))
            {
                if (!_nextCheck.TryGetValue(service.Name, out var due))
                {
                    _nextCheck[service.Name] = now.AddSeconds(service.Timeout);   // time for start_cmd to bring the service up
                    continue;
                }
                if (due > now || !_inFlight.Add(service.Name))
                {
                    continue;
                }
                _nextCheck[service.Name] = now.AddSeconds(service.Timeout);
                _ = CheckAsync(service, cancellationToken);
            }
        }
    }

    private async Task CheckAsync(FailoverServiceConfig service, CancellationToken cancellationToken)
    {
        try
        {
            var probe = probes.For(service.HealthCheck, TransportProtocol.Tcp);
            var target = new IPEndPoint(IPAddress.Parse(service.Address), service.Port);
            var result = await probe.ProbeAsync(target, TimeSpan.FromSeconds(Math.Min(service.HealthCheck.ResponseTimeout, service.Timeout)), cancellationToken);
            if (!result.Healthy)
            {
                var reason = $"failover service {service.Name} failed its check at {target}: {result.Detail}";
                lock (_gate)
                {
                    _fault = (reason, time.GetUtcNow().AddSeconds(service.Reentry));
                }
                LogFailed(logger, reason);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(service.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
