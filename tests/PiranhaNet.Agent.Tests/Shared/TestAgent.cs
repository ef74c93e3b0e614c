using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Agent.Hosting;

namespace PiranhaNet.Agent.Tests.Shared;

/// <summary>
/// An agent inside the test process, as piranhanet-agent wires it (<see cref="AgentServiceCollectionExtensions.AddPiranhaAgent"/>),
/// on the userspace dataplane unless told otherwise, with a state directory of its own (removed at the end) and its log
/// kept for the test to read. A test replaces services (a fake clock, scripted probes) and either starts the whole
/// agent or drives some of its parts without starting it.
/// </summary>
internal sealed class TestAgent : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private bool _started;

    /// <summary>
    /// An agent of director <paramref name="name"/> reporting to <paramref name="controller"/> (by default a port nothing
    /// listens on), or to the first of <paramref name="controllers"/> that answers.
    /// </summary>
    public TestAgent(Action<IServiceCollection>? replace = null, Uri? controller = null, string name = "lvs1", TimeSpan? reconcileInterval = null,
        string? stateDirectory = null, IReadOnlyList<Uri>? controllers = null, TimeSpan? keepAlive = null)
    {
        StateDirectory = stateDirectory ?? Path.Combine(Path.GetTempPath(), "piranhanet-agent-tests", Guid.NewGuid().ToString("N"));
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Debug));
        var options = new AgentOptions
        {
            Controllers = controllers ?? [controller ?? new Uri("http://127.0.0.1:9/")], Token = "token", Name = name, StateDirectory = StateDirectory,
            ReconcileInterval = reconcileInterval ?? TimeSpan.FromSeconds(30), KeepAlive = keepAlive ?? new AgentOptions().KeepAlive,
        };
        Host = AgentHost.BuildEmbedded(options, _loggers, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IDataplane>(provider => new UserspaceDataplane(provider.GetRequiredService<TimeProvider>())));
            replace?.Invoke(services);
        });
    }

    /// <summary>The agent's host.</summary>
    public IHost Host { get; }

    /// <summary>Everything the agent logged.</summary>
    public FakeLogCollector Logs { get; } = new();

    /// <summary>The agent's state directory.</summary>
    public string StateDirectory { get; }

    /// <summary>One of the agent's services.</summary>
    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>The messages logged so far.</summary>
    public IReadOnlyList<string> Messages => [.. Logs.GetSnapshot().Select(record => record.Message)];

    /// <summary>Starts every loop of the agent, in the agent's order.</summary>
    public async Task StartAsync()
    {
        _started = true;
        await Host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Host.StopAsync();
        }
        Host.Dispose();
        _loggers.Dispose();
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }
}
