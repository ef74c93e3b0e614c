namespace PiranhaNet.Core.Diffing;

/// <summary>One item of the newer list that is new or differs from the older list's item of the same key.</summary>
/// <param name="IsAdded">True when the older list had no item of this key (then <paramref name="Before"/> is default).</param>
/// <param name="Before">The older list's item, when there was one.</param>
/// <param name="After">The newer list's item.</param>
public readonly record struct KeyedUpsert<T>(bool IsAdded, T Before, T After);

/// <summary>
/// What turns one keyed list into another: the items added, changed and removed, and whether the sequence of
/// keys changed. Made by <see cref="KeyedDiff.Between{TKey, T}"/>; the one way PiranhaNet compares lists of
/// virtual servers, real servers, services and destinations. Immutable.
/// </summary>
public sealed class KeyedDiff<TKey, T> where TKey : notnull
{
    private readonly Func<T, TKey> _keyOf;
    private readonly IEqualityComparer<TKey> _keys;

    internal KeyedDiff(IReadOnlyList<KeyedUpsert<T>> upserts, IReadOnlyList<T> removed, IReadOnlyList<TKey> order, bool orderChanged,
        Func<T, TKey> keyOf, IEqualityComparer<TKey> keys)
    {
        (Upserts, Removed, Order, OrderChanged, _keyOf, _keys) = (upserts, removed, order, orderChanged, keyOf, keys);
    }

    /// <summary>The items that are new or changed, in the newer list's order.</summary>
    public IReadOnlyList<KeyedUpsert<T>> Upserts { get; }

    /// <summary>The items only the older list has, in its order.</summary>
    public IReadOnlyList<T> Removed { get; }

    /// <summary>The newer list's keys, in its order.</summary>
    public IReadOnlyList<TKey> Order { get; }

    /// <summary>True when the sequence of keys differs: an item was added, removed or moved.</summary>
    public bool OrderChanged { get; }

    /// <summary>True when the two lists are equal item for item.</summary>
    public bool IsEmpty => Upserts.Count == 0 && Removed.Count == 0 && !OrderChanged;

    /// <summary>The items only the newer list has, in its order.</summary>
    public IEnumerable<T> Added => Upserts.Where(u => u.IsAdded).Select(u => u.After);

    /// <summary>The items both lists have and that differ, in the newer list's order.</summary>
    public IEnumerable<(T Before, T After)> Changed => Upserts.Where(u => !u.IsAdded).Select(u => (u.Before, u.After));

    /// <summary>The keys of every added, changed and removed item.</summary>
    public IEnumerable<TKey> TouchedKeys => Upserts.Select(u => _keyOf(u.After)).Concat(Removed.Select(_keyOf));

    /// <summary>The newer list, rebuilt from <paramref name="before"/> (the older list) and this diff.</summary>
    public List<T> ApplyTo(IReadOnlyList<T> before) =>
        KeyedDiff.Apply(before, Upserts.Select(u => u.After), Removed.Select(_keyOf), OrderChanged ? Order : null, _keyOf, _keys);
}

/// <summary>Builds and applies <see cref="KeyedDiff{TKey, T}"/>s. Linear in the lengths of the lists.</summary>
public static class KeyedDiff
{
    /// <summary>
    /// The diff from <paramref name="before"/> to <paramref name="after"/>, matching items by <paramref name="keyOf"/>.
    /// Two items of one key differ when <paramref name="items"/> (record equality by default) says so. Throws
    /// <see cref="ArgumentException"/> naming the key when a list repeats one.
    /// </summary>
    public static KeyedDiff<TKey, T> Between<TKey, T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, TKey> keyOf,
        IEqualityComparer<TKey>? keys = null, IEqualityComparer<T>? items = null) where TKey : notnull =>
        TryBetween(before, after, keyOf, out var repeated, keys, items)
        ?? throw new ArgumentException($"the key '{repeated}' is repeated", nameof(after));

    /// <summary>Like <see cref="Between{TKey, T}"/>, but null (with the repeated key) when a list repeats a key.</summary>
    public static KeyedDiff<TKey, T>? TryBetween<TKey, T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, TKey> keyOf, out TKey? repeated,
        IEqualityComparer<TKey>? keys = null, IEqualityComparer<T>? items = null) where TKey : notnull
    {
        keys ??= EqualityComparer<TKey>.Default;
        items ??= EqualityComparer<T>.Default;
        var older = new Dictionary<TKey, (int Index, T Item)>(before.Count, keys);
        for (var i = 0; i < before.Count; i++)
        {
            if (!older.TryAdd(keyOf(before[i]), (i, before[i])))
            {
                repeated = keyOf(before[i]);
                return null;
            }
        }
        var seen = new HashSet<TKey>(after.Count, keys);
        var upserts = new List<KeyedUpsert<T>>();
        var order = new List<TKey>(after.Count);
        // The key sequences are equal when every newer item sits where its key sat before and nothing was removed.
        var orderChanged = before.Count != after.Count;
        for (var i = 0; i < after.Count; i++)
        {
            var item = after[i];
            var key = keyOf(item);
            if (!seen.Add(key))
            {
                repeated = key;
                return null;
            }
            order.Add(key);
            if (!older.TryGetValue(key, out var old))
            {
                upserts.Add(new KeyedUpsert<T>(true, default!, item));
                orderChanged = true;
                continue;
            }
            orderChanged |= old.Index != i;
            // Unchanged items are usually the very same objects (versions share them), which Equals checks first.
            if (!items.Equals(old.Item, item))
            {
                upserts.Add(new KeyedUpsert<T>(false, old.Item, item));
            }
        }
        var removed = before.Where(item => !seen.Contains(keyOf(item))).ToList();
        repeated = default;
        return new KeyedDiff<TKey, T>(upserts, removed, order, orderChanged, keyOf, keys);
    }

    /// <summary>
    /// Rebuilds a list from <paramref name="before"/> and a diff as it travels: the new and changed items
    /// (<paramref name="upserts"/>), the removed keys, and the newer order when the sequence of keys changed. Without
    /// an order, items keep their places, removed ones go and new ones are appended in the order given. Throws
    /// <see cref="ArgumentException"/> when the order names a key that neither list has.
    /// </summary>
    public static List<T> Apply<TKey, T>(IReadOnlyList<T> before, IEnumerable<T> upserts, IEnumerable<TKey> removed, IReadOnlyList<TKey>? order,
        Func<T, TKey> keyOf, IEqualityComparer<TKey>? keys = null) where TKey : notnull
    {
        keys ??= EqualityComparer<TKey>.Default;
        var updates = new Dictionary<TKey, T>(keys);
        var appended = new List<T>();
        foreach (var item in upserts)
        {
            updates[keyOf(item)] = item;
            appended.Add(item);
        }
        if (order is not null)
        {
            var byKey = new Dictionary<TKey, T>(before.Count, keys);
            foreach (var item in before)
            {
                byKey.TryAdd(keyOf(item), item);
            }
            return [.. order.Select(key => updates.TryGetValue(key, out var item) ? item
                : byKey.TryGetValue(key, out var kept) ? kept
                : throw new ArgumentException($"the order names '{key}', which neither the list nor the changes have", nameof(order)))];
        }
        var gone = new HashSet<TKey>(removed, keys);
        var rebuilt = new List<T>(before.Count + appended.Count);
        foreach (var item in before)
        {
            var key = keyOf(item);
            if (!gone.Contains(key))
            {
                rebuilt.Add(updates.Remove(key, out var update) ? update : item);
            }
        }
        rebuilt.AddRange(appended.Where(item => updates.ContainsKey(keyOf(item))));
        return rebuilt;
    }
}
