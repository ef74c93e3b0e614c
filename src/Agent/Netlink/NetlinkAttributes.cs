using System.Buffers.Binary;
using System.Text;
using PiranhaNet.Agent.Dataplane;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// The attributes of one netlink message or nested attribute, by type (the nested and byte-order flags
/// masked off; the last of a repeated type wins). Values are copied, so the set outlives the receive buffer.
/// </summary>
internal sealed class NetlinkAttributes
{
    private const ushort TypeMask = 0x3FFF;
    private readonly Dictionary<ushort, byte[]> _values = [];

    public NetlinkAttributes(ReadOnlySpan<byte> attributes)
    {
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & TypeMask);
            if (length < 4 || length > attributes.Length)
            {
                throw new DataplaneException($"malformed netlink attribute (type {type}, length {length})");
            }
            _values[type] = attributes[4..length].ToArray();
            var padded = (length + 3) & ~3;
            attributes = padded >= attributes.Length ? [] : attributes[padded..];
        }
    }

    public bool Has(ushort type) => _values.ContainsKey(type);

    public byte[] Bytes(ushort type) => _values.TryGetValue(type, out var value)
        ? value
        : throw new DataplaneException($"netlink reply lacks attribute {type}");

    public ushort U16(ushort type) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(type));

    public uint U32(ushort type) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(type));

    public ulong U64(ushort type) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(type));

    public ushort BigEndianU16(ushort type) => BinaryPrimitives.ReadUInt16BigEndian(Bytes(type));

    public string String(ushort type) => Encoding.ASCII.GetString(Bytes(type)).TrimEnd('\0');

    public NetlinkAttributes Nested(ushort type) => new(Bytes(type));
}
