using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace PiranhaNet.Core.Concurrency;

/// <summary>
/// The newest of a value that one owner publishes (the version in force, the version saved) and that any number
/// of followers act on. Each follower has its own <see cref="ChangeSignal"/> and reads the newest value when it
/// looks, so a follower still busy with one value skips those published meanwhile and goes on with the newest
/// (see README.md in this folder). Thread-safe.
/// </summary>
public sealed class LatestValue<T> where T : class
{
    private volatile T? _current;
    private ImmutableList<ChangeSignal> _followers = [];

    /// <summary>The newest value, or null before the first.</summary>
    public T? Current => _current;

    /// <summary>Makes <paramref name="value"/> the newest and wakes every follower.</summary>
    public void Publish(T value)
    {
        _current = value;
        foreach (var follower in Volatile.Read(ref _followers))
        {
            follower.Set();
        }
    }

    /// <summary>
    /// The current value (if any), then each newer one as the follower comes to look, until cancelled (which
    /// throws <see cref="OperationCanceledException"/>). Values published while the follower is busy are skipped
    /// but for the newest; the same value is never given twice in a row.
    /// </summary>
    public async IAsyncEnumerable<T> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var signal = new ChangeSignal();
        ImmutableInterlocked.Update(ref _followers, followers => followers.Add(signal));
        try
        {
            // Registered before the first read, so a value published in between is seen at the latest on the next look.
            T? last = null;
            while (true)
            {
                if (_current is { } value && !ReferenceEquals(value, last))
                {
                    last = value;
                    yield return value;
                }
                await signal.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            ImmutableInterlocked.Update(ref _followers, followers => followers.Remove(signal));
        }
    }
}
