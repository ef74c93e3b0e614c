using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// The attributes of one netlink message or nested attribute, by type (the nested and byte-order flags masked
/// off; the last of a repeated type wins). Types are the header enums of each family (<see cref="IpvsServiceAttribute"/>,
/// ...). Values are copied, so the set outlives the receive buffer. A malformed or missing attribute is a
/// <see cref="NetlinkException"/> of <see cref="Errno.Protocol"/>.
/// </summary>
internal sealed class NetlinkAttributes
{
    private readonly Dictionary<ushort, byte[]> _values = [];

    public NetlinkAttributes(ReadOnlySpan<byte> attributes)
    {
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & NetlinkAttributeBits.TypeMask);
            if (length < 4 || length > attributes.Length)
            {
                throw NetlinkException.Malformed($"malformed netlink attribute (type {type}, length {length})");
            }
            _values[type] = attributes[4..length].ToArray();
            var padded = (length + 3) & ~3;
            attributes = padded >= attributes.Length ? [] : attributes[padded..];
        }
    }

    public bool Has<T>(T type) where T : unmanaged, Enum => _values.ContainsKey(TypeOf(type));

    public byte[] Bytes<T>(T type) where T : unmanaged, Enum => _values.TryGetValue(TypeOf(type), out var value)
        ? value
        : throw NetlinkException.Malformed($"netlink reply lacks attribute {type} ({TypeOf(type)})");

    public ushort U16<T>(T type) where T : unmanaged, Enum => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(type));

    public uint U32<T>(T type) where T : unmanaged, Enum => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(type));

    public ulong U64<T>(T type) where T : unmanaged, Enum => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(type));

    /// <summary>A 32-bit value the kernel sends in network byte order (nfnetlink's numbers), or 0 when it is missing.</summary>
    public uint BigEndianU32OrZero<T>(T type) where T : unmanaged, Enum =>
        _values.TryGetValue(TypeOf(type), out var value) && value.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(value) : 0;

    /// <summary>A port or other 16-bit value the kernel keeps in network byte order.</summary>
    public ushort BigEndianU16<T>(T type) where T : unmanaged, Enum => BinaryPrimitives.ReadUInt16BigEndian(Bytes(type));

    public string String<T>(T type) where T : unmanaged, Enum => Encoding.ASCII.GetString(Bytes(type)).TrimEnd('\0');

    public NetlinkAttributes Nested<T>(T type) where T : unmanaged, Enum => new(Bytes(type));

    /// <summary>Whether the attribute is there, by its raw type.</summary>
    public bool TryGetBytes<T>(T type, out byte[] value) where T : unmanaged, Enum => _values.TryGetValue(TypeOf(type), out value!);

    /// <summary>
    /// Every attribute of <paramref name="attributes"/> in order, repeated types included: for netlink lists (such as
    /// nf_tables' NFTA_LIST_ELEM items), which the by-type view collapses. Malformed input is a <see cref="NetlinkException"/>.
    /// </summary>
    public static List<(ushort Type, byte[] Value)> InOrder(ReadOnlySpan<byte> attributes)
    {
        var all = new List<(ushort, byte[])>();
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & NetlinkAttributeBits.TypeMask);
            if (length < 4 || length > attributes.Length)
            {
                throw NetlinkException.Malformed($"malformed netlink attribute (type {type}, length {length})");
            }
            all.Add((type, attributes[4..length].ToArray()));
            var padded = (length + 3) & ~3;
            attributes = padded >= attributes.Length ? [] : attributes[padded..];
        }
        return all;
    }

    /// <summary>The 16-bit attribute type of a header enum (every attribute enum is ushort-backed).</summary>
    public static ushort TypeOf<T>(T type) where T : unmanaged, Enum => Unsafe.SizeOf<T>() == sizeof(ushort)
        ? Unsafe.BitCast<T, ushort>(type)
        : throw new ArgumentException($"{typeof(T).Name} is not a 16-bit attribute type", nameof(type));
}
