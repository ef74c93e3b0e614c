using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Hosting;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Channel;

/// <summary>
/// Reports this director to the dashboard on each connection: the routing table with its counters, what is in force,
/// the real servers' health and the redundancy state, every second and soon after a change
/// (<see cref="AgentSignals.StatusChanged"/>), but never closer together than 200 ms. After the first status on a
/// connection only the services that changed are sent, with a whole one now and then; unsent health events go first.
/// </summary>
internal sealed partial class StatusReporter(LatestValue<DashboardSession> sessions, IOptions<AgentOptions> options, TableReconciler table, IDataplane dataplane,
    RealServerStates health, RedundancyStatusPublisher redundancy, UnsentHealthEvents events, AgentSignals signals, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);
    // At most this often: a burst of edits is reported once it settles, not once per edit (a status of a thousand
    // services is a large message for both ends).
    private static readonly TimeSpan s_spacing = TimeSpan.FromMilliseconds(200);
    // Between whole statuses, only the services that changed are sent (to dashboards of protocol 2 and later); the
    // merge is exact, so a whole one now and then (and on every connect) is a safeguard, not a necessity.
    private const int StatusesPerWhole = 300;
    private const int EventsPerMessage = 1000;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var session in sessions.FollowAsync(stoppingToken))
            {
                await ReportAsync(session, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReportAsync(DashboardSession session, CancellationToken stoppingToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, session.Ended);
        var token = both.Token;
        try
        {
            while (true)
            {
                await SendStatusAsync(session, token);
                await Task.Delay(s_spacing, time, token);
                // Waiting the interval less the spacing keeps the period at a second when nothing changes.
                await signals.StatusChanged.WaitAsync(s_interval - s_spacing, time, token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The session ended; the connection reports why.
        }
    }

    private async Task SendStatusAsync(DashboardSession session, CancellationToken cancellationToken)
    {
        var (unsent, through) = events.Peek(EventsPerMessage);
        if (unsent.Count > 0)
        {
            await session.SendAsync(new EventsMessage(unsent.ToEquatableArray()), cancellationToken);
            events.Sent(through);
        }
        var applied = table.Applied;
        IReadOnlyList<IpvsServiceStatus> services = [];
        var error = table.LastError;
        try
        {
            services = await dataplane.ReadStatusAsync(cancellationToken);
        }
        catch (DataplaneException e)
        {
            // A table changed under a read (someone ran ipvsadm) is reported, not fatal: the next tick reads again.
            error = $"cannot read the table: {e.Message}";
        }
        var status = new DirectorStatus(options.Value.Name, dataplane.Name, applied?.Running ?? true, applied?.Version ?? 0, error,
            services.ToEquatableArray(), table.Unmanaged.ToEquatableArray(), health.Status(), redundancy.Current);
        var whole = session.LastStatus is null || session.DashboardVersion < AgentProtocol.ChangesSince || ++session.StatusesSinceWhole >= StatusesPerWhole;
        if (whole)
        {
            session.StatusesSinceWhole = 0;
        }
        await session.SendAsync(StatusChanges.Between(whole ? null : session.LastStatus, status), cancellationToken);
        session.LastStatus = status;
    }
}
