namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// A floating address could not be added, removed, listed or announced; the message names the address, the
/// device and the kernel's reason. Raised by <see cref="IFloatingAddresses"/> and <see cref="INeighbourAnnouncer"/>.
/// </summary>
internal sealed class FloatingAddressException(string message, Exception? inner = null) : Exception(message, inner);
