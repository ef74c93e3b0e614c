namespace PiranhaNet.Core.Editing;

/// <summary>An edit tried to add an element under a name that is already taken.</summary>
public sealed class ConfigElementExistsException(string description) : Exception($"{description} already exists");
