using PiranhaNet.Agent.Dataplane;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// Request and reply over one generic-netlink family: resolves the family id by name through the netlink
/// controller, numbers requests, waits for the kernel's acknowledgement (or error) and gathers dump replies.
/// Not thread-safe.
/// </summary>
internal sealed class GenericNetlink : IDisposable
{
    private const ushort ControllerFamily = 0x10;
    private const byte ControllerGetFamily = 3;
    private const ushort ControllerFamilyId = 1;
    private const ushort ControllerFamilyName = 2;
    private const int NetlinkGeneric = 16;
    private const int GenericHeaderLength = 4;   // genlmsghdr

    private readonly NetlinkConversation _conversation = new(NetlinkGeneric, GenericHeaderLength);
    private readonly byte _version;

    public GenericNetlink(string familyName, byte version)
    {
        _version = version;
        var request = new NetlinkMessageWriter(ControllerFamily, NetlinkMessageWriter.FlagRequest, _conversation.NextSequence(), ControllerGetFamily, 1)
            .String(ControllerFamilyName, familyName);
        try
        {
            var reply = Exchange(request.ToArray(), dump: false, missing: $"the kernel has no generic netlink family {familyName}");
            Family = reply.Single().U16(ControllerFamilyId);
        }
        catch
        {
            _conversation.Dispose();   // the object is never handed out, so nobody else would close it
            throw;
        }
    }

    /// <summary>The family's id in this kernel.</summary>
    public ushort Family { get; }

    /// <summary>
    /// A request to the family with attributes added by the caller: a change (acknowledged), a query for one
    /// object (<paramref name="query"/>: answered by the object itself) or a dump of many.
    /// </summary>
    public NetlinkMessageWriter Request(byte command, bool dump = false, bool query = false) =>
        new(Family, (ushort)(NetlinkMessageWriter.FlagRequest | (dump ? NetlinkMessageWriter.FlagDump : query ? 0 : NetlinkMessageWriter.FlagAcknowledge)), _conversation.NextSequence(), command, _version);

    /// <summary>Sends a change and waits for its acknowledgement; a kernel error becomes a <see cref="NetlinkException"/>.</summary>
    public void Execute(NetlinkMessageWriter request) => Exchange(request.ToArray(), dump: false, missing: null);

    /// <summary>Sends a query for one object and returns its reply.</summary>
    public NetlinkAttributes? Ask(NetlinkMessageWriter request) => Exchange(request.ToArray(), dump: false, missing: null).SingleOrDefault();

    /// <summary>Sends a dump request and returns the attributes of every reply message.</summary>
    public IReadOnlyList<NetlinkAttributes> Dump(NetlinkMessageWriter request) => Exchange(request.ToArray(), dump: true, missing: null);

    public void Dispose() => _conversation.Dispose();

    private List<NetlinkAttributes> Exchange(byte[] message, bool dump, string? missing) =>
        [.. _conversation.Exchange(message, dump, missing).Select(reply => reply.Attributes)];
}
