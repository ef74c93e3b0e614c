using System.Runtime.CompilerServices;

namespace PiranhaNet.Core.Concurrency;

/// <summary>One change of a keyed item: its new value, or its removal (<paramref name="Value"/> null).</summary>
public sealed record KeyedChange<TKey, T>(TKey Key, T? Value) where T : class
{
    /// <summary>True when the item is gone.</summary>
    public bool IsRemoval => Value is null;
}

/// <summary>
/// Live items by key (the directors' status on the dashboard) for subscribers that show them: a subscription is
/// a snapshot plus an async stream of change batches. Each subscriber has one pending batch that keeps only the
/// latest change of each key, so it is bounded by the number of keys and a slow subscriber skips intermediate
/// states but never the final one; batches can be spaced for a UI. Built on <see cref="ChangeSignal"/> (see
/// README.md in this folder). Thread-safe; one owner writes.
/// </summary>
public sealed class KeyedChangeFeed<TKey, T> where TKey : notnull where T : class
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, T> _items;
    private readonly IEqualityComparer<TKey> _keys;
    private readonly List<Subscription> _subscriptions = [];

    /// <summary>How many subscriptions are open (for tests).</summary>
    internal int SubscriptionCount
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>An empty feed whose keys compare with <paramref name="keys"/>.</summary>
    public KeyedChangeFeed(IEqualityComparer<TKey>? keys = null)
    {
        _keys = keys ?? EqualityComparer<TKey>.Default;
        _items = new Dictionary<TKey, T>(_keys);
    }

    /// <summary>The items now (a copy).</summary>
    public IReadOnlyDictionary<TKey, T> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<TKey, T>(_items, _keys);
        }
    }

    /// <summary>The item of <paramref name="key"/> now, or null.</summary>
    public T? Get(TKey key)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Replaces the item of <paramref name="key"/> with what <paramref name="change"/> makes of it (null when there
    /// was none) and tells every subscriber; returns the new item.
    /// </summary>
    public T Update(TKey key, Func<T?, T> change)
    {
        lock (_lock)
        {
            var value = change(_items.GetValueOrDefault(key));
            _items[key] = value;
            Tell(new KeyedChange<TKey, T>(key, value));
            return value;
        }
    }

    /// <summary>Like <see cref="Update"/>, but only when there is an item of <paramref name="key"/>; false when there was none.</summary>
    public bool UpdateIfPresent(TKey key, Func<T, T> change)
    {
        lock (_lock)
        {
            if (!_items.TryGetValue(key, out var current))
            {
                return false;
            }
            Update(key, _ => change(current));
            return true;
        }
    }

    /// <summary>Removes the item of <paramref name="key"/>, telling every subscriber if there was one.</summary>
    public void Remove(TKey key)
    {
        lock (_lock)
        {
            if (_items.Remove(key))
            {
                Tell(new KeyedChange<TKey, T>(key, null));
            }
        }
    }

    /// <summary>
    /// A snapshot and, from the same moment, the changes after it. Dispose the subscription (or end its
    /// enumeration) to stop receiving.
    /// </summary>
    public Subscription Subscribe()
    {
        lock (_lock)
        {
            var subscription = new Subscription(this, new Dictionary<TKey, T>(_items, _keys));
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    private void Tell(KeyedChange<TKey, T> change)
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Add(change);
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>One subscriber's snapshot and its stream of change batches.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly KeyedChangeFeed<TKey, T> _feed;
        private readonly ChangeSignal _changed = new();
        private readonly Lock _lock = new();
        private Dictionary<TKey, KeyedChange<TKey, T>> _pending;

        internal Subscription(KeyedChangeFeed<TKey, T> feed, IReadOnlyDictionary<TKey, T> snapshot)
        {
            (_feed, Snapshot) = (feed, snapshot);
            _pending = new Dictionary<TKey, KeyedChange<TKey, T>>(feed._keys);
        }

        /// <summary>The items when the subscription began.</summary>
        public IReadOnlyDictionary<TKey, T> Snapshot { get; }

        /// <summary>
        /// Batches of the changes since the snapshot (each key at most once, with its latest change), at least
        /// <paramref name="spacing"/> apart on <paramref name="time"/> so a page renders a few times a second at most.
        /// Ends when cancelled (throwing <see cref="OperationCanceledException"/>); one reader at a time.
        /// </summary>
        public async IAsyncEnumerable<IReadOnlyList<KeyedChange<TKey, T>>> ReadAllAsync(TimeSpan spacing, TimeProvider time,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await _changed.WaitAsync(cancellationToken);
                    IReadOnlyList<KeyedChange<TKey, T>> batch;
                    lock (_lock)
                    {
                        batch = [.. _pending.Values];
                        _pending = new Dictionary<TKey, KeyedChange<TKey, T>>(_feed._keys);
                    }
                    if (batch.Count > 0)
                    {
                        yield return batch;
                        // Changes meanwhile gather in the pending batch; the next one goes out after the spacing.
                        await Task.Delay(spacing, time, cancellationToken);
                    }
                }
            }
            finally
            {
                Dispose();
            }
        }

        internal void Add(KeyedChange<TKey, T> change)
        {
            lock (_lock)
            {
                _pending[change.Key] = change;
            }
            _changed.Set();
        }

        /// <summary>Stops the changes.</summary>
        public void Dispose() => _feed.Unsubscribe(this);
    }
}
