using PiranhaNet.Core.Diffing;

namespace PiranhaNet.Core.Tests.Diffing;

/// <summary>
/// The keyed diff against every pair of small lists: each of up to three distinct keys from four, each with one
/// of two values, in every order (249 lists, 62,001 pairs). Every result is checked against a direct reading of
/// the two lists, and rebuilt both ways it travels.
/// </summary>
public class KeyedDiffTests
{
    private sealed record Item(char Key, int Value);

    private static readonly List<Item[]> s_lists = [.. AllLists()];

    private static IEnumerable<Item[]> AllLists()
    {
        IEnumerable<Item[]> Extend(Item[] prefix)
        {
            yield return prefix;
            if (prefix.Length == 3)
            {
                yield break;
            }
            foreach (var key in "abcd".Where(k => prefix.All(i => i.Key != k)))
            {
                foreach (var value in new[] { 0, 1 })
                {
                    foreach (var longer in Extend([.. prefix, new Item(key, value)]))
                    {
                        yield return longer;
                    }
                }
            }
        }
        return Extend([]);
    }

    [Fact]
    public void Between_EveryPairOfSmallLists_AgreesWithTheListsAndRebuildsTheNewer()
    {
        Assert.Equal(249, s_lists.Count);
        foreach (var before in s_lists)
        {
            foreach (var after in s_lists)
            {
                var diff = KeyedDiff.Between(before, after, i => i.Key);
                var context = $"{Text(before)} -> {Text(after)}";

                Assert.True(after.Where(a => before.All(b => b.Key != a.Key)).SequenceEqual(diff.Added), $"added, {context}");
                Assert.True(before.Where(b => after.All(a => a.Key != b.Key)).SequenceEqual(diff.Removed), $"removed, {context}");
                var changed = after.Select(a => (Before: before.FirstOrDefault(b => b.Key == a.Key), After: a))
                    .Where(p => p.Before is not null && p.Before != p.After).Select(p => (p.Before!, p.After));
                Assert.True(changed.SequenceEqual(diff.Changed), $"changed, {context}");
                Assert.Equal(!before.Select(i => i.Key).SequenceEqual(after.Select(i => i.Key)), diff.OrderChanged);
                Assert.Equal(before.SequenceEqual(after), diff.IsEmpty);
                Assert.Equal(after.Select(i => i.Key), diff.Order);
                Assert.True(after.SequenceEqual(diff.ApplyTo(before)), $"rebuilt, {context}");
                Assert.Equal(diff.Upserts.Count + diff.Removed.Count, diff.TouchedKeys.Distinct().Count());
            }
        }
    }

    [Fact]
    public void Apply_WithoutAnOrder_KeepsPlacesDropsTheRemovedAndAppendsTheNew()
    {
        var before = new[] { new Item('a', 0), new Item('b', 0), new Item('c', 0) };
        var after = new[] { new Item('c', 1), new Item('a', 0), new Item('d', 0) };
        var diff = KeyedDiff.Between(before, after, i => i.Key);

        var rebuilt = KeyedDiff.Apply(before, diff.Upserts.Select(u => u.After), diff.Removed.Select(i => i.Key), order: null, i => i.Key);

        Assert.Equal([new Item('a', 0), new Item('c', 1), new Item('d', 0)], rebuilt);
    }

    [Fact]
    public void Between_ARepeatedKey_IsRefusedNamingIt()
    {
        var repeated = new[] { new Item('a', 0), new Item('a', 1) };

        Assert.Null(KeyedDiff.TryBetween(repeated, [], i => i.Key, out var key));
        Assert.Equal('a', key);
        Assert.Null(KeyedDiff.TryBetween([], repeated, i => i.Key, out _));
        Assert.Contains("'a'", Assert.Throws<ArgumentException>(() => KeyedDiff.Between(repeated, [], i => i.Key)).Message);
    }

    [Fact]
    public void Apply_AnOrderNamingAnUnknownKey_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => KeyedDiff.Apply([new Item('a', 0)], [], Array.Empty<char>(), ['a', 'z'], i => i.Key));

        Assert.Contains("'z'", error.Message);
    }

    [Fact]
    public void Between_ACustomEquality_DecidesWhatChanged()
    {
        var diff = KeyedDiff.Between([new Item('a', 0)], [new Item('a', 1)], i => i.Key, items: new ByKeyOnly());

        Assert.True(diff.IsEmpty);
    }

    [Fact]
    public void Between_ACaseInsensitiveKeyComparer_MatchesKeysThatWay()
    {
        var diff = KeyedDiff.Between(["Web"], ["web"], s => s, StringComparer.OrdinalIgnoreCase, StringComparer.OrdinalIgnoreCase);

        Assert.True(diff.IsEmpty);
    }

    private sealed class ByKeyOnly : IEqualityComparer<Item>
    {
        public bool Equals(Item? x, Item? y) => x?.Key == y?.Key;

        public int GetHashCode(Item obj) => obj.Key.GetHashCode();
    }

    private static string Text(Item[] list) => string.Join(",", list.Select(i => $"{i.Key}{i.Value}"));
}
