using System.Diagnostics;
using PiranhaNet.Web.Cli;

namespace PiranhaNet.Web.Testing;

/// <summary>
/// The whole system as an operator runs it, for tests and benchmarks: <c>piranhanet serve</c> processes of this build
/// on one store (each with a data directory of its own under one temporary directory), agent processes, and HTTP
/// clients signed in as the administrator. Every process is killed, and the directory removed, on dispose.
/// </summary>
public sealed class DashboardProcesses : IAsyncDisposable
{
    /// <summary>The administrator's password, set on the store by <see cref="SetUpAsync"/>.</summary>
    public const string Password = "a long enough password";

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private readonly List<LoggedProcess> _processes = [];

    private DashboardProcesses(string store) => Store = store;

    /// <summary>The store every dashboard runs on.</summary>
    public string Store { get; }

    /// <summary>Every process started, in order.</summary>
    public IReadOnlyList<LoggedProcess> Processes => _processes;

    /// <summary>The temporary directory the processes keep their state in.</summary>
    public string Directory => _directory.Path;

    /// <summary>Sets the administrator's password on <paramref name="store"/> (as `piranhanet passwd` does) for the dashboards to come.</summary>
    public static async Task<DashboardProcesses> SetUpAsync(string store)
    {
        var processes = new DashboardProcesses(store);
        var error = new StringWriter();
        var code = await PiranhaCli.RunAsync(["passwd", "--store", store, "--data", processes.Directory],
            new CliContext(TextWriter.Null, error) { In = new StringReader(Password + "\n") });
        return code == 0 ? processes : throw new InvalidOperationException($"piranhanet passwd failed: {error}");
    }

    /// <summary>Starts `piranhanet serve` on a free loopback port without a local agent; its address, e.g. http://127.0.0.1:PORT.</summary>
    public (string Url, Process Process) StartDashboard(string name)
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        _processes.Add(LoggedProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "piranhanet.dll"),
            "serve", "--urls", url, "--store", Store, "--data", Path.Combine(Directory, name), "--no-local-agent"));
        return (url, _processes[^1].Process);
    }

    /// <summary>Starts `piranhanet-agent` from <paramref name="agentAssembly"/> as director <paramref name="name"/> on the userspace dataplane, given <paramref name="controllers"/> (a comma list).</summary>
    public Process StartAgent(string agentAssembly, string controllers, string token, string name)
    {
        _processes.Add(LoggedProcess.StartDotnet(agentAssembly, "--controller", controllers, "--token", token,
            "--name", name, "--state-dir", Path.Combine(Directory, $"agent-{name}"), "--dataplane", "userspace"));
        return _processes[^1].Process;
    }

    /// <summary>Starts another process of the caller's own (a benchmark's worker) and keeps it with the others.</summary>
    public LoggedProcess StartDotnet(string assembly, params string[] arguments)
    {
        _processes.Add(LoggedProcess.StartDotnet(assembly, arguments));
        return _processes[^1];
    }

    /// <summary>A client of the dashboard at <paramref name="url"/> signed in as the administrator, once it answers.</summary>
    public async Task<HttpClient> ClientAsync(string url)
    {
        var client = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = DashboardServer.BasicAuthorization(DashboardServer.AdminUser, Password);
        await WaitUntilAsync(async () =>
        {
            try
            {
                return (await client.GetAsync("api/v1/directors")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the dashboard at {url} answered");
        return client;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, up to 30 s; then fails naming <paramref name="what"/> with what the processes said.</summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, string what) => LoggedProcess.WaitUntilAsync(condition, what, s_wait, [.. _processes]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        _directory.Dispose();
    }
}
