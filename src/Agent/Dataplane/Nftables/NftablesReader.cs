using System.Buffers.Binary;
using System.Text;
using PiranhaNet.Agent.Interop;
using PiranhaNet.Agent.Netlink;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>A rule as the reads need it: its chain, its comment, and the sets and objects its expressions use.</summary>
internal sealed record NftRule(string Chain, string? Comment, IReadOnlyList<string> References);

/// <summary>A set or map, with the length of its values (which says their layout).</summary>
internal sealed record NftSetInfo(string Name, int DataLength);

/// <summary>One element as the kernel holds it: key and value bytes, the chain a verdict jumps to, its counter.</summary>
internal sealed record NftRawElement(byte[] Key, byte[]? Value, string? Jump, (ulong Packets, ulong Bytes)? Counter);

/// <summary>
/// Reads PiranhaNet's table straight from nf_tables over netlink (the dumps the nft command makes): chains, rules,
/// sets and the elements of one set at a time, with their counters. The writes go through libnftables
/// (<see cref="NftablesContext"/>), which builds every expression; the reads do not, because libnftables 1.0.6 fetches
/// the whole ruleset with every set's elements for any listing (about a second at 1,000 services), where a dump of one
/// set is a fraction of a millisecond. Not thread-safe.
/// </summary>
internal sealed class NftablesReader : IDisposable
{
    private readonly NetlinkConversation _netlink;

    private NftablesReader(NetlinkConversation netlink) => _netlink = netlink;

    /// <summary>Opens nfnetlink in the calling thread's network namespace.</summary>
    public static NftablesReader Open()
    {
        try
        {
            return new NftablesReader(new NetlinkConversation(NetlinkProtocol.Netfilter, 4));
        }
        catch (SystemCallException e)
        {
            throw new DataplaneException($"nf_tables cannot be read: {e.Message}", e, e.Errno);
        }
    }

    /// <summary>True when PiranhaNet's table exists.</summary>
    public bool TableExists()
    {
        try
        {
            Exchange(Request(NfTables.GetTable, dump: false).String(NftTableAttribute.Name, NftNames.TableName), dump: false);
            return true;
        }
        catch (DataplaneException e) when (e.Errno == (int)Errno.NoEntry)
        {
            return false;
        }
    }

    /// <summary>The names of the table's chains.</summary>
    public IReadOnlyList<string> Chains() => Guarded<IReadOnlyList<string>>(() =>
        [.. Exchange(Request(NfTables.GetChain, dump: true), dump: true)
            .Where(chain => chain.String(NftChainAttribute.Table) == NftNames.TableName)
            .Select(chain => chain.String(NftChainAttribute.Name))]);

    /// <summary>The table's rules, or one chain's (a missing chain has none), in order.</summary>
    public IReadOnlyList<NftRule> Rules(string? chain = null)
    {
        var request = Request(NfTables.GetRule, dump: true).String(NftRuleAttribute.Table, NftNames.TableName);
        if (chain is not null)
        {
            request.String(NftRuleAttribute.Chain, chain);
        }
        try
        {
            return Guarded(() => Exchange(request, dump: true).Select(Rule).ToList());
        }
        catch (DataplaneException e) when (e.Errno == (int)Errno.NoEntry)
        {
            return [];
        }
    }

    /// <summary>The table's sets and maps.</summary>
    public IReadOnlyList<NftSetInfo> Sets() => Guarded<IReadOnlyList<NftSetInfo>>(() =>
        [.. Exchange(Request(NfTables.GetSet, dump: true).String(NftSetAttribute.Table, NftNames.TableName), dump: true)
            .Where(set => set.String(NftSetAttribute.Table) == NftNames.TableName)
            .Select(set => new NftSetInfo(set.String(NftSetAttribute.Name), (int)set.BigEndianU32OrZero(NftSetAttribute.DataLength)))]);

    /// <summary>The elements of <paramref name="set"/>, or null when there is no such set.</summary>
    public List<NftRawElement>? Elements(string set)
    {
        var request = Request(NfTables.GetSetElements, dump: true)
            .String(NftSetElementListAttribute.Table, NftNames.TableName).String(NftSetElementListAttribute.Set, set);
        var elements = new List<NftRawElement>();
        try
        {
            _netlink.Dump(request.ToArray(), reply =>
            {
                if (reply.Attributes.TryGetBytes(NftSetElementListAttribute.Elements, out var list))
                {
                    elements.AddRange(NetlinkAttributes.InOrder(list).Select(item => Element(new NetlinkAttributes(item.Value))));
                }
            });   // a malformed element is a NetlinkException, caught below with the exchange's own
        }
        catch (SystemCallException e) when (e.Is(Errno.NoEntry))
        {
            return null;
        }
        catch (SystemCallException e)   // netlink errors too
        {
            throw new DataplaneException($"reading set {set} failed: {e.Message}", e, e.Errno);
        }
        return elements;
    }

    public void Dispose() => _netlink.Dispose();

    private NetlinkMessageWriter Request(ushort type, bool dump) =>
        new(type, NetlinkMessageFlags.Request | (dump ? NetlinkMessageFlags.Dump : NetlinkMessageFlags.None), _netlink.NextSequence(), [NfTables.FamilyInet, 0, 0, 0]);

    private List<NetlinkAttributes> Exchange(NetlinkMessageWriter request, bool dump) =>
        Guarded(() => _netlink.Exchange(request.ToArray(), dump).Select(reply => reply.Attributes).ToList());

    // Reading a reply can fail as much as the exchange (a missing attribute is malformed): both are the dataplane's errors.
    private static T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SystemCallException e)   // netlink errors too
        {
            throw new DataplaneException($"reading nf_tables failed: {e.Message}", e, e.Errno);
        }
    }

    private static NftRule Rule(NetlinkAttributes rule)
    {
        var references = new List<string>();
        if (rule.TryGetBytes(NftRuleAttribute.Expressions, out var expressions))
        {
            foreach (var (_, bytes) in NetlinkAttributes.InOrder(expressions))
            {
                var expression = new NetlinkAttributes(bytes);
                var name = expression.String(NftExpressionAttribute.Name);
                var reference = name switch { "lookup" or "dynset" => NftReferenceAttribute.SetName, "objref" => NftReferenceAttribute.ObjectName, _ => (NftReferenceAttribute?)null };
                if (reference is { } attribute && expression.TryGetBytes(NftExpressionAttribute.Data, out var data)
                    && new NetlinkAttributes(data).TryGetBytes(attribute, out var referenced))
                {
                    references.Add(Text(referenced));
                }
            }
        }
        return new NftRule(rule.String(NftRuleAttribute.Chain), rule.TryGetBytes(NftRuleAttribute.UserData, out var userData) ? Comment(userData) : null, references);
    }

    // User data is type, length, value items; the comment is a NUL-terminated string.
    private static string? Comment(ReadOnlySpan<byte> userData)
    {
        while (userData.Length >= 2)
        {
            var (type, length) = (userData[0], userData[1]);
            if (2 + length > userData.Length)
            {
                return null;
            }
            if (type == NfTables.RuleCommentUserData)
            {
                return Text(userData.Slice(2, length));
            }
            userData = userData[(2 + length)..];
        }
        return null;
    }

    private static NftRawElement Element(NetlinkAttributes element)
    {
        var key = element.TryGetBytes(NftSetElementAttribute.Key, out var keyData) ? new NetlinkAttributes(keyData).Bytes(NftDataAttribute.Value) : [];
        byte[]? value = null;
        string? jump = null;
        if (element.TryGetBytes(NftSetElementAttribute.Data, out var data))
        {
            var attributes = new NetlinkAttributes(data);
            if (attributes.TryGetBytes(NftDataAttribute.Value, out var bytes))
            {
                value = bytes;
            }
            else if (attributes.TryGetBytes(NftDataAttribute.Verdict, out var verdictBytes))
            {
                var verdict = new NetlinkAttributes(verdictBytes);
                if ((int)verdict.BigEndianU32OrZero(NftVerdictAttribute.Code) == NfTables.VerdictJump && verdict.Has(NftVerdictAttribute.Chain))
                {
                    jump = verdict.String(NftVerdictAttribute.Chain);
                }
            }
        }
        return new NftRawElement(key, value, jump, Counter(element));
    }

    // A counter is the element's one expression, or one of its expressions.
    private static (ulong, ulong)? Counter(NetlinkAttributes element)
    {
        var expressions = element.TryGetBytes(NftSetElementAttribute.Expression, out var single) ? [single]
            : element.TryGetBytes(NftSetElementAttribute.Expressions, out var list) ? NetlinkAttributes.InOrder(list).Select(e => e.Value).ToList()
            : [];
        foreach (var bytes in expressions)
        {
            var expression = new NetlinkAttributes(bytes);
            if (expression.String(NftExpressionAttribute.Name) == "counter" && expression.TryGetBytes(NftExpressionAttribute.Data, out var data))
            {
                var counter = new NetlinkAttributes(data);
                return (BinaryPrimitives.ReadUInt64BigEndian(counter.Bytes(NftCounterAttribute.Packets)), BinaryPrimitives.ReadUInt64BigEndian(counter.Bytes(NftCounterAttribute.Bytes)));
            }
        }
        return null;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes).TrimEnd('\0');
}
