using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>
/// Picks the destination of a new connection, as the IPVS scheduler of the same name would. Destinations
/// with weight 0 take no new connections. Called concurrently from accept loops: implementations are thread-safe.
/// </summary>
internal interface IUserspaceScheduler
{
    /// <summary>The destination for a connection from <paramref name="client"/>, or null when none can take it.</summary>
    DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client);
}
