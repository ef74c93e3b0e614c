using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Testing;

/// <summary>
/// The real dashboard on Kestrel at 127.0.0.1 with a random port and a fresh SQLite file. By default an
/// administrator exists and <see cref="Client"/> authenticates with HTTP Basic.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>The administrator created at start.</summary>
    public const string AdminUser = "piranha";

    /// <summary>Its password.</summary>
    public const string AdminPassword = "correct horse battery";

    // Tests sign in many times; the production work factor would only make them slow.
    private const int TestPasswordIterations = 1_000;

    private readonly TempDirectory? _ownDirectory;
    private readonly string _dataDirectory;
    private WebApplication? _app;

    private DashboardServer(string? dataDirectory)
    {
        _ownDirectory = dataDirectory is null ? new TempDirectory() : null;
        _dataDirectory = dataDirectory ?? _ownDirectory!.Path;
    }

    /// <summary>A client of the server, signed in as the administrator unless started without one.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The data directory (the SQLite file is in it).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Everything the server logged, for tests that check what is (and is not) written to the log.</summary>
    public CapturedLog Log { get; } = new();

    /// <summary>
    /// Starts a server; with <paramref name="withAdmin"/> false it waits for first-run setup. A given
    /// <paramref name="dataDirectory"/> (kept on dispose) and <paramref name="port"/> let a test restart "the same" dashboard;
    /// a <paramref name="store"/> (a PostgreSQL connection string) replaces the SQLite file.
    /// </summary>
    public static async Task<DashboardServer> StartAsync(bool withAdmin = true, string? dataDirectory = null, int port = 0, bool localAgent = false,
        IReadOnlyList<System.Net.IPNetwork>? metricsAllow = null, string? store = null)
    {
        var server = new DashboardServer(dataDirectory);
        server._app = DashboardApp.Build(new WebOptions
        {
            Urls = $"http://127.0.0.1:{port}",
            DataDirectory = server._dataDirectory,
            Store = store,
            PasswordIterations = TestPasswordIterations,
            LocalAgent = localAgent,
            // The proxy: the test's own loopback backends, and no kernel state in the machine's own namespace.
            LocalDataplane = Agent.Hosting.DataplaneChoice.Userspace,
            MetricsAllow = metricsAllow ?? new WebOptions().MetricsAllow,
        }, builder =>
        {
            builder.Logging.AddProvider(server.Log);
            // The captured log keeps everything; the console only what is worth a look. A line per request on the
            // console costs the process time that the benchmarks measure, and buries a failing test's output.
            builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        });
        await DashboardApp.StartAsync(server._app);
        if (withAdmin)
        {
            var accounts = server._app.Services.GetRequiredService<UserAccounts>();
            // A restarted dashboard has its admin already.
            if (!await accounts.SetPasswordAsync(AdminUser, AdminPassword, CancellationToken.None))
            {
                await accounts.SetUpAsync(AdminUser, AdminPassword, AdminPassword, CancellationToken.None);
            }
        }
        server.Address = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        server.Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        if (withAdmin)
        {
            server.Client.DefaultRequestHeaders.Authorization = BasicAuthorization(AdminUser, AdminPassword);
        }
        return server;
    }

    /// <summary>Adds a user with <paramref name="role"/> and returns a client authenticated as them with HTTP Basic.</summary>
    public async Task<HttpClient> AddUserAsync(string name, string role, string password = "a long enough password")
    {
        var problem = await Services.GetRequiredService<UserAccounts>().AddAsync(name, role, password, password, "test", CancellationToken.None);
        if (problem is not null)
        {
            throw new InvalidOperationException($"cannot add user '{name}': {problem}");
        }
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = BasicAuthorization(name, password);
        return client;
    }

    /// <summary>An Authorization header for HTTP Basic.</summary>
    public static AuthenticationHeaderValue BasicAuthorization(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Sends a JSON body with an optional If-Match version.</summary>
    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, string json, int? ifMatch = null) =>
        SendAsync(method, path, new StringContent(json, Encoding.UTF8, "application/json"), ifMatch);

    /// <summary>Sends a text/plain body with an optional If-Match version.</summary>
    public Task<HttpResponseMessage> SendTextAsync(HttpMethod method, string path, string text, int? ifMatch = null) =>
        SendAsync(method, path, new StringContent(text, Encoding.UTF8, "text/plain"), ifMatch);

    /// <summary>Sends a request with an optional If-Match version.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, int? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        }
        return Client.SendAsync(request);
    }

    /// <summary>Stops the server (the browser's circuit drops) without deleting its data.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _ownDirectory?.Dispose();
    }
}
