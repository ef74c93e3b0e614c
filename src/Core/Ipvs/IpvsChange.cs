namespace PiranhaNet.Core.Ipvs;

/// <summary>One edit of the kernel's table.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Service">The service's settings (the desired ones for adds and edits, the current ones for deletes).</param>
/// <param name="Destination">The destination, for destination edits; null for service edits.</param>
public sealed record IpvsChange(IpvsChangeKind Kind, IpvsService Service, IpvsDestination? Destination = null)
{
    /// <summary>A readable line, e.g. "edit destination 192.0.2.21:80 of TCP  192.0.2.10:80 (weight 5)".</summary>
    public override string ToString() => Kind switch
    {
        IpvsChangeKind.AddService => $"add service {Service.Key} {Service.Scheduler}",
        IpvsChangeKind.EditService => $"edit service {Service.Key} {Service.Scheduler}",
        IpvsChangeKind.DeleteService => $"delete service {Service.Key}",
        _ => $"{Verb} destination {IpvsEndpoint.Format(Destination!.Address, Destination.Port)} of {Service.Key}" +
             (Kind == IpvsChangeKind.DeleteDestination ? "" : $" ({Destination.Forwarding}, weight {Destination.Weight})"),
    };

    private string Verb => Kind switch
    {
        IpvsChangeKind.AddDestination => "add",
        IpvsChangeKind.EditDestination => "edit",
        _ => "delete",
    };
}
