using PiranhaNet.Agent.Persistence;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The heartbeat keys this director signs and checks with: the dashboard's last message, kept in the state
/// directory (<see cref="HeartbeatKeyFile"/>) so a director restarted without the dashboard still authenticates its
/// peer. Knows the rotation schedule (<see cref="UsableAt"/>). Logs only fingerprints. Thread-safe.
/// </summary>
internal sealed partial class HeartbeatKeyring(HeartbeatKeyFile file, ILogger<HeartbeatKeyring> logger)
{
    /// <summary>How long after the switch to the new key the previous one is still accepted: clocks of two directors differ a little.</summary>
    public static readonly TimeSpan SwitchTolerance = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private HeartbeatKeyMessage? _keys;
    private string? _fingerprint;
    private int _generation;

    /// <summary>The current key's fingerprint, or null without a key.</summary>
    public string? Fingerprint
    {
        get
        {
            lock (_lock)
            {
                return _fingerprint;
            }
        }
    }

    /// <summary>Rises with every change of keys, so a user of them knows to take them again.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Takes the keys kept in the state directory, if any.</summary>
    public void Load() => Remember(file.Load());

    /// <summary>New keys from the dashboard: kept in the state directory and used from now on; false when the key is not a valid one.</summary>
    public bool Set(HeartbeatKeyMessage keys)
    {
        if (HeartbeatKey.TryDecode(keys.Key) is not { } key)
        {
            LogInvalid(logger);
            return false;
        }
        file.Save(keys);
        Remember(keys);
        LogReceived(logger, HeartbeatKey.Fingerprint(key));
        return true;
    }

    /// <summary>The keys to use at <paramref name="now"/>, the signing key first; empty without keys.</summary>
    public IReadOnlyList<byte[]> Usable(DateTimeOffset now)
    {
        lock (_lock)
        {
            return UsableAt(_keys, now);
        }
    }

    /// <summary>
    /// The keys of <paramref name="keys"/> to use at <paramref name="now"/>, the signing key first. After a rotation
    /// both directors go on signing with the previous key until <see cref="HeartbeatKeyMessage.PreviousUntil"/> while
    /// accepting both, then switch to the new one at that same moment: a director that received the new key a little
    /// before its peer never signs with a key the peer cannot check. The previous key is accepted for
    /// <see cref="SwitchTolerance"/> after the switch. Empty when <paramref name="keys"/> is null.
    /// </summary>
    public static IReadOnlyList<byte[]> UsableAt(HeartbeatKeyMessage? keys, DateTimeOffset now)
    {
        if (keys is null || HeartbeatKey.TryDecode(keys.Key) is not { } current)
        {
            return [];
        }
        if (keys.PreviousUntil is not { } until || HeartbeatKey.TryDecode(keys.Previous) is not { } previous)
        {
            return [current];
        }
        return now < until ? [previous, current] : now < until + SwitchTolerance ? [current, previous] : [current];
    }

    // The keys and, once, their fingerprint (the status shows it on every report).
    private void Remember(HeartbeatKeyMessage? keys)
    {
        lock (_lock)
        {
            _keys = keys;
            _fingerprint = HeartbeatKey.TryDecode(keys?.Key) is { } key ? HeartbeatKey.Fingerprint(key) : null;
            _generation++;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ignored a heartbeat key that is not a 32-byte base64 key")]
    private static partial void LogInvalid(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "heartbeat key {Fingerprint} received")]
    private static partial void LogReceived(ILogger logger, string fingerprint);
}
