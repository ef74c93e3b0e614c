namespace PiranhaNet.Agent.Dataplane;

/// <summary>A change the dataplane could not make; the message names the service and the reason (the kernel's errno for IPVS).</summary>
public sealed class DataplaneException(string message, Exception? inner = null) : Exception(message, inner);
