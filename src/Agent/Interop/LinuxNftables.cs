namespace PiranhaNet.Agent.Interop;

/// <summary>nf_tables over nfnetlink (linux/netfilter/nf_tables.h, nfnetlink.h): the reads the nftables dataplane makes itself.</summary>
internal static class NfTables
{
    /// <summary>NFNL_SUBSYS_NFTABLES, the high byte of every message type.</summary>
    private const int Subsystem = 10;

    /// <summary>NFPROTO_INET, the family of PiranhaNet's table, in the nfgenmsg header.</summary>
    public const byte FamilyInet = 1;

    /// <summary>NFT_MSG_GETTABLE.</summary>
    public const ushort GetTable = (Subsystem << 8) | 1;

    /// <summary>NFT_MSG_GETCHAIN.</summary>
    public const ushort GetChain = (Subsystem << 8) | 4;

    /// <summary>NFT_MSG_GETRULE.</summary>
    public const ushort GetRule = (Subsystem << 8) | 7;

    /// <summary>NFT_MSG_GETSET.</summary>
    public const ushort GetSet = (Subsystem << 8) | 10;

    /// <summary>NFT_MSG_GETSETELEM.</summary>
    public const ushort GetSetElements = (Subsystem << 8) | 13;

    /// <summary>NFT_JUMP, the verdict code of a jump.</summary>
    public const int VerdictJump = -3;

    /// <summary>NFTNL_UDATA_RULE_COMMENT (libnftnl's udata.h): the type of a rule comment in its user data.</summary>
    public const byte RuleCommentUserData = 0;
}

/// <summary>enum nft_table_attributes.</summary>
internal enum NftTableAttribute : ushort
{
    /// <summary>NFTA_TABLE_NAME.</summary>
    Name = 1,
}

/// <summary>enum nft_chain_attributes.</summary>
internal enum NftChainAttribute : ushort
{
    /// <summary>NFTA_CHAIN_TABLE.</summary>
    Table = 1,
    /// <summary>NFTA_CHAIN_NAME.</summary>
    Name = 3,
}

/// <summary>enum nft_rule_attributes.</summary>
internal enum NftRuleAttribute : ushort
{
    /// <summary>NFTA_RULE_TABLE.</summary>
    Table = 1,
    /// <summary>NFTA_RULE_CHAIN.</summary>
    Chain = 2,
    /// <summary>NFTA_RULE_EXPRESSIONS: a list of <see cref="NftListAttribute.Element"/>, each an expression.</summary>
    Expressions = 4,
    /// <summary>NFTA_RULE_USERDATA: type-length-value items (the comment among them).</summary>
    UserData = 7,
}

/// <summary>enum nft_set_attributes.</summary>
internal enum NftSetAttribute : ushort
{
    /// <summary>NFTA_SET_TABLE.</summary>
    Table = 1,
    /// <summary>NFTA_SET_NAME.</summary>
    Name = 2,
    /// <summary>NFTA_SET_DATA_LEN (big-endian).</summary>
    DataLength = 7,
}

/// <summary>enum nft_set_elem_list_attributes.</summary>
internal enum NftSetElementListAttribute : ushort
{
    /// <summary>NFTA_SET_ELEM_LIST_TABLE.</summary>
    Table = 1,
    /// <summary>NFTA_SET_ELEM_LIST_SET.</summary>
    Set = 2,
    /// <summary>NFTA_SET_ELEM_LIST_ELEMENTS: a list of <see cref="NftListAttribute.Element"/>.</summary>
    Elements = 3,
}

/// <summary>enum nft_set_elem_attributes.</summary>
internal enum NftSetElementAttribute : ushort
{
    /// <summary>NFTA_SET_ELEM_KEY (an <see cref="NftDataAttribute"/>).</summary>
    Key = 1,
    /// <summary>NFTA_SET_ELEM_DATA (an <see cref="NftDataAttribute"/>).</summary>
    Data = 2,
    /// <summary>NFTA_SET_ELEM_EXPR: the one expression of the element (its counter).</summary>
    Expression = 7,
    /// <summary>NFTA_SET_ELEM_EXPRESSIONS: a list of them.</summary>
    Expressions = 11,
}

/// <summary>enum nft_data_attributes.</summary>
internal enum NftDataAttribute : ushort
{
    /// <summary>NFTA_DATA_VALUE: bytes.</summary>
    Value = 1,
    /// <summary>NFTA_DATA_VERDICT (nested <see cref="NftVerdictAttribute"/>).</summary>
    Verdict = 2,
}

/// <summary>enum nft_verdict_attributes.</summary>
internal enum NftVerdictAttribute : ushort
{
    /// <summary>NFTA_VERDICT_CODE (big-endian, signed).</summary>
    Code = 1,
    /// <summary>NFTA_VERDICT_CHAIN.</summary>
    Chain = 2,
}

/// <summary>enum nft_list_attributes.</summary>
internal enum NftListAttribute : ushort
{
    /// <summary>NFTA_LIST_ELEM.</summary>
    Element = 1,
}

/// <summary>enum nft_expr_attributes.</summary>
internal enum NftExpressionAttribute : ushort
{
    /// <summary>NFTA_EXPR_NAME: "counter", "lookup", "objref"...</summary>
    Name = 1,
    /// <summary>NFTA_EXPR_DATA: the expression's own attributes.</summary>
    Data = 2,
}

/// <summary>enum nft_counter_attributes (big-endian 64-bit).</summary>
internal enum NftCounterAttribute : ushort
{
    /// <summary>NFTA_COUNTER_BYTES.</summary>
    Bytes = 1,
    /// <summary>NFTA_COUNTER_PACKETS.</summary>
    Packets = 2,
}

/// <summary>The attribute of each expression that names a set or object it uses.</summary>
internal enum NftReferenceAttribute : ushort
{
    /// <summary>NFTA_LOOKUP_SET (lookup), NFTA_DYNSET_SET_NAME (dynset): both 1.</summary>
    SetName = 1,
    /// <summary>NFTA_OBJREF_IMM_NAME (objref: a named object such as a ct timeout).</summary>
    ObjectName = 2,
}
