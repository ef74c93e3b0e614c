namespace PiranhaNet.Agent.Interop;

/// <summary>rtnetlink message types for addresses (linux/rtnetlink.h, RTM_*ADDR).</summary>
internal enum RtnetlinkMessageType : ushort
{
    /// <summary>RTM_NEWADDR.</summary>
    NewAddress = 20,
    /// <summary>RTM_DELADDR.</summary>
    DeleteAddress = 21,
    /// <summary>RTM_GETADDR.</summary>
    GetAddress = 22,
}

/// <summary>An address's attributes (linux/if_addr.h, IFA_*).</summary>
internal enum InterfaceAddressAttribute : ushort
{
    /// <summary>IFA_ADDRESS.</summary>
    Address = 1,
    /// <summary>IFA_LOCAL.</summary>
    Local = 2,
    /// <summary>IFA_LABEL: Piranha's alias, such as eth0:1 (IPv4 only).</summary>
    Label = 3,
}

/// <summary>Address flags in ifaddrmsg (linux/if_addr.h, IFA_F_*).</summary>
[Flags]
internal enum InterfaceAddressFlags : byte
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>IFA_F_NODAD: usable at once, without duplicate address detection.</summary>
    NoDuplicateDetection = 0x02,
}
