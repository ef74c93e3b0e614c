using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Api;

/// <summary>Virtual servers and their real servers, and failover services, addressed by name.</summary>
public static class VirtualServerApi
{
    /// <summary>Maps <c>/config/virtual-servers</c>, <c>/config/virtual-servers/{parent}/real-servers</c> and <c>/config/failover-services</c>.</summary>
    public static RouteGroupBuilder MapVirtualServerApi(this RouteGroupBuilder api)
    {
        new NamedElementApi<VirtualServerConfig>("VirtualServer", v => v.Name,
            (c, _) => c.VirtualServers,
            (c, _, name) => c.GetVirtualServer(name),
            (c, _, item) => c.AddVirtualServer(item),
            (c, _, name, item) => c.ReplaceVirtualServer(name, item),
            (c, _, name) => c.RemoveVirtualServer(name))
            .Map(api.MapGroup("/config/virtual-servers").WithTags("Virtual servers"));
        new NamedElementApi<RealServerConfig>("RealServer", r => r.Name,
            (c, parent) => c.GetVirtualServer(parent!).RealServers,
            (c, parent, name) => c.GetRealServer(parent!, name),
            (c, parent, item) => c.AddRealServer(parent!, item),
            (c, parent, name, item) => c.ReplaceRealServer(parent!, name, item),
            (c, parent, name) => c.RemoveRealServer(parent!, name))
            .Map(api.MapGroup("/config/virtual-servers/{parent}/real-servers").WithTags("Real servers"));
        new NamedElementApi<FailoverServiceConfig>("FailoverService", f => f.Name,
            (c, _) => c.FailoverServices,
            (c, _, name) => c.GetFailoverService(name),
            (c, _, item) => c.AddFailoverService(item),
            (c, _, name, item) => c.ReplaceFailoverService(name, item),
            (c, _, name) => c.RemoveFailoverService(name))
            .Map(api.MapGroup("/config/failover-services").WithTags("Failover services"));
        return api;
    }
}
