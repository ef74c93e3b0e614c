using System.Buffers.Binary;
using System.Text;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// Builds one generic-netlink request: the netlink header, the generic header (command, version) and
/// attributes, each padded to 4 bytes. Nested attributes are opened and closed around their children, and
/// lengths are filled in when they close. Numbers are host order unless the attribute says otherwise.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    public const ushort FlagRequest = 0x1;
    public const ushort FlagAcknowledge = 0x4;
    public const ushort FlagDump = 0x300;
    public const ushort FlagExclusive = 0x200;
    public const ushort FlagCreate = 0x400;
    private const ushort NestedFlag = 0x8000;

    private readonly List<byte> _bytes = [];
    private readonly Stack<int> _open = new();

    /// <summary>A message of another netlink protocol: its type and its own family header (such as ifaddrmsg), padded to 4 bytes.</summary>
    public NetlinkMessageWriter(ushort type, ushort flags, uint sequence, ReadOnlySpan<byte> familyHeader)
    {
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
        _bytes.AddRange(header);
        _bytes.AddRange(familyHeader);
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
    }

    /// <summary>A generic-netlink message to <paramref name="family"/>: nlmsghdr and genlmsghdr (command, version, reserved).</summary>
    public NetlinkMessageWriter(ushort family, ushort flags, uint sequence, byte command, byte version)
        : this(family, flags, sequence, [command, version, 0, 0])
    {
    }

    public NetlinkMessageWriter U16(ushort type, ushort value) => Attribute(type, BitConverter.GetBytes(value));

    public NetlinkMessageWriter U32(ushort type, uint value) => Attribute(type, BitConverter.GetBytes(value));

    /// <summary>A port or other 16-bit value the kernel expects in network byte order.</summary>
    public NetlinkMessageWriter BigEndianU16(ushort type, ushort value) =>
        Attribute(type, BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(value)));

    /// <summary>A NUL-terminated string.</summary>
    public NetlinkMessageWriter String(ushort type, string value) => Attribute(type, [.. Encoding.ASCII.GetBytes(value), 0]);

    public NetlinkMessageWriter Bytes(ushort type, ReadOnlySpan<byte> value) => Attribute(type, value);

    public NetlinkMessageWriter BeginNested(ushort type)
    {
        _open.Push(_bytes.Count);
        WriteAttributeHeader(0, (ushort)(type | NestedFlag));
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

    private NetlinkMessageWriter Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        WriteAttributeHeader((ushort)(4 + value.Length), type);
        _bytes.AddRange(value);
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
        return this;
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
