using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Editing;

/// <summary>
/// Pure edits of a configuration by element name: each returns a new configuration and leaves the argument
/// untouched. Missing names throw <see cref="ConfigElementNotFoundException"/>, taken names
/// <see cref="ConfigElementExistsException"/>; everything else is left to validation.
/// </summary>
public static class ConfigEdits
{
    /// <summary>Appends a virtual server.</summary>
    public static LvsConfig AddVirtualServer(this LvsConfig config, VirtualServerConfig server) =>
        config with { VirtualServers = Add(config.VirtualServers, server, s => s.Name, VirtualName(server.Name)) };

    /// <summary>Replaces the virtual server called <paramref name="name"/> (a different name in <paramref name="server"/> renames it).</summary>
    public static LvsConfig ReplaceVirtualServer(this LvsConfig config, string name, VirtualServerConfig server) =>
        config with { VirtualServers = Replace(config.VirtualServers, name, s => s.Name, _ => server, VirtualName(name)) };

    /// <summary>Changes the virtual server called <paramref name="name"/>.</summary>
    public static LvsConfig UpdateVirtualServer(this LvsConfig config, string name, Func<VirtualServerConfig, VirtualServerConfig> change) =>
        config with { VirtualServers = Replace(config.VirtualServers, name, s => s.Name, change, VirtualName(name)) };

    /// <summary>Removes the virtual server called <paramref name="name"/> with its real servers.</summary>
    public static LvsConfig RemoveVirtualServer(this LvsConfig config, string name) =>
        config with { VirtualServers = Remove(config.VirtualServers, name, s => s.Name, VirtualName(name)) };

    /// <summary>Appends a real server to a virtual server.</summary>
    public static LvsConfig AddRealServer(this LvsConfig config, string virtualServer, RealServerConfig server) =>
        config.UpdateVirtualServer(virtualServer, v => v with
        {
            RealServers = Add(v.RealServers, server, s => s.Name, RealName(virtualServer, server.Name)),
        });

    /// <summary>Replaces a real server of a virtual server (a different name renames it).</summary>
    public static LvsConfig ReplaceRealServer(this LvsConfig config, string virtualServer, string name, RealServerConfig server) =>
        config.UpdateRealServer(virtualServer, name, _ => server);

    /// <summary>Changes a real server of a virtual server as it is now (a toggle must not bring back a stale copy of the rest).</summary>
    public static LvsConfig UpdateRealServer(this LvsConfig config, string virtualServer, string name, Func<RealServerConfig, RealServerConfig> change) =>
        config.UpdateVirtualServer(virtualServer, v => v with
        {
            RealServers = Replace(v.RealServers, name, s => s.Name, change, RealName(virtualServer, name)),
        });

    /// <summary>Removes a real server from a virtual server.</summary>
    public static LvsConfig RemoveRealServer(this LvsConfig config, string virtualServer, string name) =>
        config.UpdateVirtualServer(virtualServer, v => v with
        {
            RealServers = Remove(v.RealServers, name, s => s.Name, RealName(virtualServer, name)),
        });

    /// <summary>Appends a failover service.</summary>
    public static LvsConfig AddFailoverService(this LvsConfig config, FailoverServiceConfig service) =>
        config with { FailoverServices = Add(config.FailoverServices, service, s => s.Name, FailoverName(service.Name)) };

    /// <summary>Replaces the failover service called <paramref name="name"/>.</summary>
    public static LvsConfig ReplaceFailoverService(this LvsConfig config, string name, FailoverServiceConfig service) =>
        config.UpdateFailoverService(name, _ => service);

    /// <summary>Changes the failover service called <paramref name="name"/> as it is now.</summary>
    public static LvsConfig UpdateFailoverService(this LvsConfig config, string name, Func<FailoverServiceConfig, FailoverServiceConfig> change) =>
        config with { FailoverServices = Replace(config.FailoverServices, name, s => s.Name, change, FailoverName(name)) };

    /// <summary>Removes the failover service called <paramref name="name"/>.</summary>
    public static LvsConfig RemoveFailoverService(this LvsConfig config, string name) =>
        config with { FailoverServices = Remove(config.FailoverServices, name, s => s.Name, FailoverName(name)) };

    /// <summary>The virtual server called <paramref name="name"/>.</summary>
    public static VirtualServerConfig GetVirtualServer(this LvsConfig config, string name) =>
        config.VirtualServers.FirstOrDefault(s => s.Name == name) ?? throw new ConfigElementNotFoundException(VirtualName(name));

    /// <summary>The real server <paramref name="name"/> of virtual server <paramref name="virtualServer"/>.</summary>
    public static RealServerConfig GetRealServer(this LvsConfig config, string virtualServer, string name) =>
        config.GetVirtualServer(virtualServer).RealServers.FirstOrDefault(s => s.Name == name)
        ?? throw new ConfigElementNotFoundException(RealName(virtualServer, name));

    /// <summary>The failover service called <paramref name="name"/>.</summary>
    public static FailoverServiceConfig GetFailoverService(this LvsConfig config, string name) =>
        config.FailoverServices.FirstOrDefault(s => s.Name == name) ?? throw new ConfigElementNotFoundException(FailoverName(name));

    private static string VirtualName(string name) => $"virtual server '{name}'";

    private static string RealName(string virtualServer, string name) => $"real server '{name}' in virtual server '{virtualServer}'";

    private static string FailoverName(string name) => $"failover service '{name}'";

    private static EquatableArray<T> Add<T>(EquatableArray<T> items, T item, Func<T, string> nameOf, string description)
    {
        if (items.Any(i => nameOf(i) == nameOf(item)))
        {
            throw new ConfigElementExistsException(description);
        }
        return items.Add(item);
    }

    private static EquatableArray<T> Replace<T>(EquatableArray<T> items, string name, Func<T, string> nameOf, Func<T, T> change, string description)
    {
        var index = IndexOf(items, name, nameOf, description);
        return items.SetItem(index, change(items[index]));
    }

    private static EquatableArray<T> Remove<T>(EquatableArray<T> items, string name, Func<T, string> nameOf, string description) =>
        items.RemoveAt(IndexOf(items, name, nameOf, description));

    private static int IndexOf<T>(EquatableArray<T> items, string name, Func<T, string> nameOf, string description)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (nameOf(items[i]) == name)
            {
                return i;
            }
        }
        throw new ConfigElementNotFoundException(description);
    }
}
