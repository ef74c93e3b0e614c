namespace PiranhaNet.Core.Editing;

/// <summary>An edit named a virtual server, real server or failover service that does not exist.</summary>
public sealed class ConfigElementNotFoundException(string description) : Exception($"{description} does not exist");
