namespace PiranhaNet.Core.Ipvs;

/// <summary>One IPVS generic-netlink edit (IPVS_CMD_NEW/SET/DEL_SERVICE and _DEST).</summary>
public enum IpvsChangeKind
{
    /// <summary>Create a service.</summary>
    AddService,
    /// <summary>Change a service's scheduler, flags or persistence.</summary>
    EditService,
    /// <summary>Delete a service and, with it, its destinations.</summary>
    DeleteService,
    /// <summary>Add a destination to a service.</summary>
    AddDestination,
    /// <summary>Change a destination's weight, forwarding or thresholds.</summary>
    EditDestination,
    /// <summary>Remove a destination from a service.</summary>
    DeleteDestination,
}
