using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Agent.Hosting;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>An agent in this process as piranhanet-agent wires it, on the userspace dataplane, with no dashboard to reach.</summary>
internal static class BenchAgent
{
    /// <summary>
    /// The agent's host (not started), keeping its state in <paramref name="stateDirectory"/>, reporting to
    /// <paramref name="controllers"/> (by default a free port nothing listens on).
    /// </summary>
    public static IHost Build(string stateDirectory, IDataplane? dataplane = null, IReadOnlyList<Uri>? controllers = null) => AgentHost.BuildEmbedded(
        new AgentOptions
        {
            Controllers = controllers ?? [new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/")], Token = "bench", Name = "bench", StateDirectory = stateDirectory,
        },
        NullLoggerFactory.Instance,
        services => services.Replace(ServiceDescriptor.Singleton(dataplane ?? new UserspaceDataplane(TimeProvider.System))));
}
