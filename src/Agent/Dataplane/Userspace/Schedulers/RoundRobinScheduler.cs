using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>rr: each destination with a weight in turn; the weight's size does not matter.</summary>
internal sealed class RoundRobinScheduler : IUserspaceScheduler
{
    private int _next = -1;

    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client)
    {
        for (var tried = 0; tried < destinations.Count; tried++)
        {
            var candidate = destinations[(int)((uint)Interlocked.Increment(ref _next) % (uint)destinations.Count)];
            if (candidate.Available)
            {
                return candidate;
            }
        }
        return null;
    }
}
