using PiranhaNet.Core.Concurrency;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Configuration;

/// <summary>
/// "Version N was saved", carrying the version, for whoever acts on new versions (the pusher to the agents): a
/// <see cref="LatestValue{T}"/> that only ever moves forward, so two saves finishing in either order leave the newer
/// one current. Singleton.
/// </summary>
public sealed class SavedVersions
{
    private readonly Lock _lock = new();
    private readonly LatestValue<ConfigVersion> _latest = new();

    private long _count;

    /// <summary>The newest version saved since the dashboard started, or null.</summary>
    public ConfigVersion? Current => _latest.Current;

    /// <summary>How many versions were saved since the dashboard started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Announces a saved version, unless a newer one was announced already.</summary>
    public void Publish(ConfigVersion version)
    {
        Interlocked.Increment(ref _count);
        lock (_lock)
        {
            if (_latest.Current is not { } current || current.Info.Serial < version.Info.Serial)
            {
                _latest.Publish(version);
            }
        }
    }

    /// <summary>The current version (if any), then each newer one as the follower comes to look; see <see cref="LatestValue{T}.FollowAsync"/>.</summary>
    public IAsyncEnumerable<ConfigVersion> FollowAsync(CancellationToken cancellationToken) => _latest.FollowAsync(cancellationToken);
}
