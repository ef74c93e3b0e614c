using System.Buffers.Binary;
using System.Text;
using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// Builds one netlink request: the netlink header, the family's header (genlmsghdr, ifaddrmsg, ...) and
/// attributes, each padded to 4 bytes. Attribute types are the header enums of each family. Nested attributes are
/// opened and closed around their children, and lengths are filled in when they close. Numbers are host order
/// unless the attribute says otherwise.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    private readonly List<byte> _bytes = [];
    private readonly Stack<int> _open = new();

    /// <summary>A message of <paramref name="type"/> with its family's own header (such as ifaddrmsg), padded to 4 bytes.</summary>
    public NetlinkMessageWriter(ushort type, NetlinkMessageFlags flags, uint sequence, ReadOnlySpan<byte> familyHeader)
    {
        Span<byte> header = stackalloc byte[NetlinkHeaderLengths.Message];
        header.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
        _bytes.AddRange(header);
        _bytes.AddRange(familyHeader);
        Pad();
    }

    /// <summary>A generic-netlink message to <paramref name="family"/>: nlmsghdr and genlmsghdr (command, version, reserved).</summary>
    public NetlinkMessageWriter(ushort family, NetlinkMessageFlags flags, uint sequence, byte command, byte version)
        : this(family, flags, sequence, [command, version, 0, 0])
    {
    }

    public NetlinkMessageWriter U16<T>(T type, ushort value) where T : unmanaged, Enum => Attribute(type, BitConverter.GetBytes(value));

    public NetlinkMessageWriter U32<T>(T type, uint value) where T : unmanaged, Enum => Attribute(type, BitConverter.GetBytes(value));

    /// <summary>A port or other 16-bit value the kernel expects in network byte order.</summary>
    public NetlinkMessageWriter BigEndianU16<T>(T type, ushort value) where T : unmanaged, Enum =>
        Attribute(type, BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(value)));

    /// <summary>A NUL-terminated string.</summary>
    public NetlinkMessageWriter String<T>(T type, string value) where T : unmanaged, Enum => Attribute(type, [.. Encoding.ASCII.GetBytes(value), 0]);

    public NetlinkMessageWriter Bytes<T>(T type, ReadOnlySpan<byte> value) where T : unmanaged, Enum => Attribute(type, value);

    public NetlinkMessageWriter BeginNested<T>(T type) where T : unmanaged, Enum
    {
        _open.Push(_bytes.Count);
        WriteAttributeHeader(0, (ushort)(NetlinkAttributes.TypeOf(type) | NetlinkAttributeBits.Nested));
        return this;
    }

    public NetlinkMessageWriter EndNested()
    {
        var start = _open.Pop();
        SetU16(start, (ushort)(_bytes.Count - start));
        return this;
    }

    /// <summary>The finished message with its length filled in.</summary>
    public byte[] ToArray()
    {
        if (_open.Count > 0)
        {
            throw new InvalidOperationException("a nested attribute was not closed");
        }
        var message = _bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        return message;
    }

    private NetlinkMessageWriter Attribute<T>(T type, ReadOnlySpan<byte> value) where T : unmanaged, Enum
    {
        WriteAttributeHeader((ushort)(4 + value.Length), NetlinkAttributes.TypeOf(type));
        _bytes.AddRange(value);
        Pad();
        return this;
    }

    private void Pad()
    {
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
    }

    private void WriteAttributeHeader(ushort length, ushort type)
    {
        _bytes.AddRange(BitConverter.GetBytes(length));
        _bytes.AddRange(BitConverter.GetBytes(type));
    }

    private void SetU16(int at, ushort value)
    {
        _bytes[at] = (byte)value;
        _bytes[at + 1] = (byte)(value >> 8);
    }
}
