using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>
/// An immutable list that compares by content, so records holding lists keep value equality.
/// The default value behaves as an empty list. Safe to share between threads.
/// </summary>
[JsonConverter(typeof(EquatableArrayJsonConverterFactory))]
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Wraps the given items (copied).</summary>
    public EquatableArray(IEnumerable<T> items) => _items = [.. items];

    /// <summary>Wraps an immutable array as it is (no copy: it cannot change).</summary>
    internal EquatableArray(ImmutableArray<T> items) => _items = items;

    /// <summary>The empty list.</summary>
    public static EquatableArray<T> Empty => new(ImmutableArray<T>.Empty);

    /// <summary>The items as an immutable array (never default).</summary>
    public ImmutableArray<T> Items => _items.IsDefault ? ImmutableArray<T>.Empty : _items;

    /// <inheritdoc />
    public int Count => Items.Length;

    /// <inheritdoc />
    public T this[int index] => Items[index];

    /// <summary>A copy with one more item at the end.</summary>
    public EquatableArray<T> Add(T item) => new(Items.Add(item));

    /// <summary>A copy with the item at <paramref name="index"/> replaced.</summary>
    public EquatableArray<T> SetItem(int index, T item) => new(Items.SetItem(index, item));

    /// <summary>A copy without the item at <paramref name="index"/>.</summary>
    public EquatableArray<T> RemoveAt(int index) => new(Items.RemoveAt(index));

    /// <inheritdoc />
    public bool Equals(EquatableArray<T> other) => Items.AsSpan().SequenceEqual(other.Items.AsSpan(), EqualityComparer<T>.Default);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Value equality.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Wraps an array (copied).</summary>
    public static implicit operator EquatableArray<T>(T[] items) => new(items);

    /// <summary>Wraps a list (copied).</summary>
    public static implicit operator EquatableArray<T>(List<T> items) => new(items);
}

/// <summary>Helpers to build <see cref="EquatableArray{T}"/> values.</summary>
public static class EquatableArray
{
    /// <summary>Builds a list from a collection expression such as <c>[a, b]</c>.</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new(ImmutableArray.Create(items));

    /// <summary>Copies a sequence into an <see cref="EquatableArray{T}"/>.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new(items);
}
