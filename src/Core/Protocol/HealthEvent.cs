namespace PiranhaNet.Core.Protocol;

/// <summary>A real server changing state, as its director saw it.</summary>
/// <param name="Time">When.</param>
/// <param name="VirtualServer">The virtual server's name.</param>
/// <param name="RealServer">The real server's name.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Reason">The check result that decided it ("connection refused", "HTTP 503", "ok").</param>
public sealed record HealthEvent(DateTimeOffset Time, string VirtualServer, string RealServer, HealthState From, HealthState To, string Reason);
