using PiranhaNet.Core.Model;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// What a director does when it becomes active or steps down, given that its table is loaded either way (hot
/// standby): take or give up the floating addresses, announce the ones it takes, switch the connection sync daemon,
/// and run the operator's commands. Every step is tried even when an earlier one failed; failures are returned, one
/// line each, for the status. Called from the redundancy loop only; a seam so a takeover is tested without root.
/// </summary>
internal interface ITakeoverActions
{
    /// <summary>The floating addresses this director holds now.</summary>
    IReadOnlyList<FloatingAddress> Held { get; }

    /// <summary>Adds and announces each address not held yet.</summary>
    List<string> Take(IEnumerable<FloatingAddress> addresses);

    /// <summary>
    /// Announces the held addresses again (neighbours that missed the first announcement catch up); with
    /// <paramref name="only"/>, those of them only.
    /// </summary>
    void AnnounceAgain(IReadOnlyCollection<FloatingAddress>? only = null);

    /// <summary>
    /// Removes <paramref name="addresses"/> (or, when null, every held one) from their devices, held or not: at
    /// start-up an address left by a director that was killed must go too.
    /// </summary>
    List<string> Release(IEnumerable<FloatingAddress>? addresses = null);

    /// <summary>
    /// Runs the sync daemons of <paramref name="roles"/>, and no other, when the configuration asks for one and the
    /// dataplane has it; stops both when it does not. Null or the failure.
    /// </summary>
    Task<string?> SyncAsync(SyncDaemonConfig sync, SyncRoles roles, CancellationToken cancellationToken);

    /// <summary>Runs each command line (without a shell, bounded in time).</summary>
    Task<List<string>> RunAsync(IEnumerable<(string What, string? CommandLine)> commands, CancellationToken cancellationToken);
}
