using System.Net.WebSockets;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// The dashboard end of the agent channel: authenticates the enrolment token (stored as a hash), takes the
/// agent's hello, sends it the heartbeat keys and the configuration it should run, then records whatever it reports.
/// </summary>
public static partial class AgentChannelEndpoint
{
    /// <summary>Maps <see cref="AgentProtocol.Path"/>; agents authenticate with their token, not a session.</summary>
    public static void MapAgentChannel(this IEndpointRouteBuilder app) =>
        app.Map(AgentProtocol.Path, (Delegate)HandleAsync).AllowAnonymous();

    private static async Task HandleAsync(HttpContext http, DirectorStore directors, AgentRegistry registry, AgentConfigurationPusher pusher,
        RedundancyControl redundancy, ClusterOperations clusterOperations, EventStore events, FailoverStore failovers, Services.ChangeNotifier notifier,
        DirectorDataplanes dataplanes,
        Metrics.DashboardMetrics metrics, ILoggerFactory loggers, IHostApplicationLifetime lifetime)
    {
        var logger = loggers.CreateLogger("PiranhaNet.Web.Agents.AgentChannel");
        var header = http.Request.Headers.Authorization.ToString();
        var director = header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? await directors.FindByTokenHashAsync(DirectorEnrolment.HashToken(header["Bearer ".Length..].Trim()), http.RequestAborted)
            : null;
        if (director is null)
        {
            LogRefused(logger, AccountClient(http));
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var session = new AgentRegistry.AgentSession(director.Name, socket);
        // The channel ends with the dashboard: shutdown must not wait for agents that would never hang up.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            if (await WebSocketMessages.ReceiveAsync(socket, ended.Token) is not HelloMessage hello)
            {
                return;
            }
            registry.Connected(session, hello);
            LogConnected(logger, director.Name, hello.Dataplane, hello.AppliedVersion);
            // Received apart from handled: a receive stays pending, so the agent's keep-alive pings are answered while
            // this connection's first push waits its turn behind hundreds of others, or a message is being stored.
            var inbox = System.Threading.Channels.Channel.CreateUnbounded<AgentMessage>(new System.Threading.Channels.UnboundedChannelOptions { SingleWriter = true });
            var receiving = ReceiveAllAsync(socket, inbox.Writer, ended.Token);
            // What this director can carry out is part of what a valid configuration is: pages validate again.
            if (await dataplanes.RecordAsync(director.Name, hello.Dataplane, ended.Token))
            {
                notifier.Notify(Services.ChangeKind.Cluster);
            }
            await redundancy.SendKeysToAsync(session, ended.Token);
            await clusterOperations.SendToAsync(session, ended.Token);
            await pusher.PushWholeToAsync(session, ended.Token);
            await foreach (var message in inbox.Reader.ReadAllAsync(ended.Token))
            {
                if (message is ResendMessage)
                {
                    await pusher.PushWholeToAsync(session, ended.Token);
                }
                if (message is EventsMessage reported && reported.Events.Count > 0)
                {
                    await events.AddAsync(director.Name, reported.Events, ended.Token);
                    notifier.Notify(Services.ChangeKind.Events);
                }
                if (message is StatusMessage { Status.Redundancy.Failovers: { Count: > 0 } changes }
                    && await failovers.RecordAsync(director.Name, changes, ended.Token) is { Count: > 0 } stored)
                {
                    metrics.CountStateChanges(director.Name, stored);
                    notifier.Notify(Services.ChangeKind.Redundancy);
                }
                registry.Received(session, message);
            }
            await receiving;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidDataException or System.Text.Json.JsonException)
        {
            LogDropped(logger, director.Name, e.Message);
        }
        finally
        {
            registry.Disconnected(session);
        }
    }

    // Every message the agent sends, into the inbox; the inbox ends with the connection, failing as the receive failed.
    private static async Task ReceiveAllAsync(WebSocket socket, System.Threading.Channels.ChannelWriter<AgentMessage> inbox, CancellationToken cancellationToken)
    {
        try
        {
            while (await WebSocketMessages.ReceiveAsync(socket, cancellationToken) is { } message)
            {
                inbox.TryWrite(message);
            }
            inbox.TryComplete();
        }
        catch (Exception e)
        {
            inbox.TryComplete(e);
        }
    }

    private static string AccountClient(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent connection from {Client} refused: unknown or revoked token")]
    private static partial void LogRefused(ILogger logger, string client);

    [LoggerMessage(Level = LogLevel.Information, Message = "Director {Director} connected ({Dataplane} dataplane, version {Version} applied)")]
    private static partial void LogConnected(ILogger logger, string director, string dataplane, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Director {Director} disconnected: {Reason}")]
    private static partial void LogDropped(ILogger logger, string director, string reason);
}
