namespace PiranhaNet.Core.Model;

/// <summary>
/// A service that runs on the active director itself (lvs.cf <c>failover NAME { ... }</c>, service = fos):
/// on takeover run <see cref="StartCommand"/> and add the VIP; on step-down run <see cref="StopCommand"/>.
/// </summary>
public sealed record FailoverServiceConfig
{
    /// <summary>Unique name; also the lvs.cf block name.</summary>
    public required string Name { get; init; }

    /// <summary><c>active</c>.</summary>
    public bool Active { get; init; }

    /// <summary>The service's floating IP (first word of <c>address</c>).</summary>
    public string Address { get; init; } = "";

    /// <summary>Device the IP is added to (second word of <c>address</c>).</summary>
    public string? Device { get; init; }

    /// <summary><c>vip_nmask</c>.</summary>
    public string? VipNetmask { get; init; }

    /// <summary>The failover group this moves with (<c>group</c>, PiranhaNet extension), or null for the pair's.</summary>
    public string? Group { get; init; }

    /// <summary>Port checked on the director (<c>port</c>, default 80).</summary>
    public int Port { get; init; } = 80;

    /// <summary>Seconds between checks (<c>timeout</c>, default 10).</summary>
    public int Timeout { get; init; } = 10;

    /// <summary>Seconds of continuous health before the service counts as up again (<c>reentry</c>, default 180).</summary>
    public int Reentry { get; init; } = 180;

    /// <summary>Command that starts the service (<c>start_cmd</c>), run without a shell.</summary>
    public string? StartCommand { get; init; }

    /// <summary>Command that stops the service (<c>stop_cmd</c>), run without a shell.</summary>
    public string? StopCommand { get; init; }

    /// <summary>The check whose failure counts as a failure of the director.</summary>
    public HealthCheckConfig HealthCheck { get; init; } = new();
}
