using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PiranhaNet.Agent.Hosting;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Hosting;

/// <summary>
/// The embedded local agent: director "local", enrolled on first start with a token kept in the data directory
/// (owner-readable only), running the same agent as piranhanet-agent (the same registration, in a host of its own
/// whose log goes to the dashboard's) over the same WebSocket channel. Started once the dashboard listens; stopped with it.
/// </summary>
public sealed class LocalAgentService(WebOptions options, IServer server, IHostApplicationLifetime lifetime, IServiceScopeFactory scopes,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>The local director's name.</summary>
    public const string DirectorName = "local";

    private string AgentDirectory => Path.Combine(options.DataDirectory, "local-agent");

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }
        var token = await EnsureEnrolledAsync(stoppingToken);
        var agentOptions = new AgentOptions
        {
            Controller = ControllerAddress(),
            Token = token,
            Name = DirectorName,
            StateDirectory = AgentDirectory,
            Dataplane = options.LocalDataplane,
        };
        using var agent = AgentHost.BuildEmbedded(agentOptions, loggers);
        await agent.RunAsync(stoppingToken);
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var stopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    // The token is shown once to people; the local agent keeps its own in a file only the dashboard's user reads.
    private async Task<string> EnsureEnrolledAsync(CancellationToken cancellationToken)
    {
        var tokenFile = Path.Combine(AgentDirectory, "token");
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<DirectorStore>();
        var enrolment = scope.ServiceProvider.GetRequiredService<DirectorEnrolment>();
        if (File.Exists(tokenFile))
        {
            var saved = (await File.ReadAllTextAsync(tokenFile, cancellationToken)).Trim();
            if (await store.FindByTokenHashAsync(DirectorEnrolment.HashToken(saved), cancellationToken) is not null)
            {
                return saved;
            }
        }
        await enrolment.RevokeAsync(DirectorName, cancellationToken);
        var (enrolled, problem) = await enrolment.EnrolAsync(DirectorName, "piranhanet serve", cancellationToken);
        if (enrolled is null)
        {
            throw new InvalidOperationException($"could not enrol the local agent: {problem}");
        }
        // Owner-only from the moment they exist: the token must never be readable by others, not even briefly.
        Directory.CreateDirectory(AgentDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Delete(tokenFile);
        await using (var file = new FileStream(tokenFile, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(enrolled.Token), cancellationToken);
        }
        return enrolled.Token;
    }

    // The dashboard's own address; a wildcard listener is reached on loopback.
    private Uri ControllerAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1"));
    }
}
