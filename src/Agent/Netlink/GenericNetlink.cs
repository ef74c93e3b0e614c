using System.Runtime.CompilerServices;
using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// Request and reply over one generic-netlink family: resolves the family id by name through the netlink
/// controller (linux/genetlink.h), numbers requests, waits for the kernel's acknowledgement (or error) and gathers
/// dump replies. Commands are the family's header enum (<see cref="IpvsCommand"/>). Not thread-safe.
/// </summary>
internal sealed class GenericNetlink<TCommand> : IDisposable where TCommand : unmanaged, Enum
{
    private enum ControllerAttribute : ushort
    {
        FamilyId = GenericNetlinkController.AttributeFamilyId,
        FamilyName = GenericNetlinkController.AttributeFamilyName,
    }

    private readonly NetlinkConversation _conversation = new(NetlinkProtocol.Generic, NetlinkHeaderLengths.Generic);
    private readonly byte _version;

    /// <summary>
    /// Opens a socket and resolves <paramref name="familyName"/>; a kernel without the family answers ENOENT,
    /// which is raised as a <see cref="NetlinkException"/> saying so.
    /// </summary>
    public GenericNetlink(string familyName, byte version)
    {
        _version = version;
        var request = new NetlinkMessageWriter(GenericNetlinkController.Family, NetlinkMessageFlags.Request, _conversation.NextSequence(),
            GenericNetlinkController.GetFamily, 1).String(ControllerAttribute.FamilyName, familyName);
        try
        {
            Family = _conversation.Exchange(request.ToArray(), dump: false).Single().Attributes.U16(ControllerAttribute.FamilyId);
        }
        catch (NetlinkException e) when (e.Is(Errno.NoEntry))
        {
            _conversation.Dispose();
            throw new NetlinkException(e.Errno, $"the kernel has no generic netlink family {familyName}");
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
    public NetlinkMessageWriter Request(TCommand command, bool dump = false, bool query = false) =>
        new(Family, NetlinkMessageFlags.Request | (dump ? NetlinkMessageFlags.Dump : query ? NetlinkMessageFlags.None : NetlinkMessageFlags.Acknowledge),
            _conversation.NextSequence(), Unsafe.BitCast<TCommand, byte>(command), _version);

    /// <summary>Sends a change and waits for its acknowledgement.</summary>
    public void Execute(NetlinkMessageWriter request) => _conversation.Exchange(request.ToArray(), dump: false);

    /// <summary>Sends a query for one object and returns its reply.</summary>
    public NetlinkAttributes? Ask(NetlinkMessageWriter request) => _conversation.Exchange(request.ToArray(), dump: false).SingleOrDefault()?.Attributes;

    /// <summary>Sends a dump request and returns the attributes of every reply message.</summary>
    public IReadOnlyList<NetlinkAttributes> Dump(NetlinkMessageWriter request) =>
        [.. _conversation.Exchange(request.ToArray(), dump: true).Select(reply => reply.Attributes)];

    public void Dispose() => _conversation.Dispose();
}
