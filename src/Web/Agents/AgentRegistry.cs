using System.Collections.Concurrent;
using System.Net.WebSockets;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// The connected agents and the last thing each said. Singleton; thread-safe. The directors' views live on a
/// <see cref="KeyedChangeFeed{TKey, T}"/>: a page subscribes and gets a snapshot, then each director's newer view as it
/// reports (about once a second), carrying the data, so no page has to copy the registry or poll it.
/// </summary>
public sealed class AgentRegistry(TimeProvider time, RateHistory history, ApplyTimings timings)
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly KeyedChangeFeed<string, AgentView> _views = new(StringComparer.Ordinal);
    // Directors revoked here, whose views other dashboards may still publish until they hear of it.
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    /// <summary>One connected agent: its socket, and sends that take turns.</summary>
    public sealed class AgentSession(string name, WebSocket socket)
    {
        private readonly SerialQueue _sends = new();

        /// <summary>The director.</summary>
        public string Name { get; } = name;

        /// <summary>The socket.</summary>
        public WebSocket Socket { get; } = socket;

        /// <summary>The protocol version the agent said hello with.</summary>
        public int ProtocolVersion { get; set; }

        /// <summary>What the agent said it holds when it connected.</summary>
        public HelloMessage? Hello { get; set; }

        /// <summary>
        /// The configuration last sent on this connection, which the next push may be expressed against; null
        /// before the first push. Set by the pusher, in its turn.
        /// </summary>
        public ConfigureMessage? LastSent { get; set; }

        /// <summary>
        /// Sends one message; null when sent, else why not: the agent went away meanwhile (it gets the dashboard's
        /// state again when it reconnects). Concurrent callers take turns.
        /// </summary>
        public async Task<string?> TrySendAsync(AgentMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await SendAsync(message, cancellationToken);
                return null;
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
            {
                return e.Message;
            }
        }

        /// <summary>Sends one message; concurrent callers take turns.</summary>
        public Task SendAsync(AgentMessage message, CancellationToken cancellationToken) =>
            _sends.RunAsync(token => WebSocketMessages.SendAsync(Socket, message, token), cancellationToken);
    }

    /// <summary>Every director the dashboard has heard from since it started, by name, as of now.</summary>
    public IReadOnlyDictionary<string, AgentView> Views => _views.Snapshot();

    /// <summary>The directors' views now and, from the same moment, each newer one as it comes; dispose to stop.</summary>
    public KeyedChangeFeed<string, AgentView>.Subscription Subscribe() => _views.Subscribe();

    /// <summary>The connected sessions.</summary>
    public IReadOnlyCollection<AgentSession> Sessions => [.. _sessions.Values];

    /// <summary>Records a new connection (an older one of the same director is closed: the newest wins).</summary>
    public void Connected(AgentSession session, HelloMessage hello)
    {
        if (_sessions.TryGetValue(session.Name, out var previous) && previous != session)
        {
            previous.Socket.Abort();
        }
        (session.ProtocolVersion, session.Hello) = (hello.V, hello);
        _revoked.TryRemove(session.Name, out _);
        _sessions[session.Name] = session;
        Update(session.Name, view => view with { Connected = true, AppliedVersion = hello.AppliedVersion });
    }

    /// <summary>Records that a connection ended (unless a newer one replaced it).</summary>
    public void Disconnected(AgentSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, AgentSession>(session.Name, session)))
        {
            Update(session.Name, view => view with { Connected = false });
        }
    }

    /// <summary>
    /// Records a message from <paramref name="session"/>, unless a newer connection of the same director has
    /// replaced it: the last reports of an aborted connection must not overwrite the live one's.
    /// </summary>
    public void Received(AgentSession session, AgentMessage message)
    {
        if (_sessions.TryGetValue(session.Name, out var current) && current == session)
        {
            Received(session.Name, message);
        }
    }

    /// <summary>Applies a message from a director to its view; status reports also feed the rate history.</summary>
    internal void Received(string name, AgentMessage message)
    {
        if (message is StatusMessage report)
        {
            // Whole or changes: the view holds the whole table either way (one connection's messages arrive in
            // order). Changes with no table to apply them to are dropped; every connection starts with a whole one.
            var held = _views.Get(name)?.Status;
            if (report.Partial && held is null)
            {
                return;
            }
            var status = StatusChanges.Merge(held, report);
            history.Record(name, status);
            Update(name, view => view with { Connected = true, Status = status, AppliedVersion = status.AppliedVersion, LastError = status.LastError ?? view.LastError });
            return;
        }
        Update(name, view => message switch
        {
            AppliedMessage applied => Applied(name, applied, view),
            FailedMessage failed => view with { LastError = $"version {failed.Version} failed: {string.Join("; ", failed.Reasons)}" },
            _ => view,
        });
    }

    /// <summary>
    /// Shows a director as another dashboard on the same store last heard it (<see cref="AgentView.Dashboard"/> set);
    /// false, and nothing changes, while the director is connected here, whose own reports come first.
    /// </summary>
    public bool ReportedElsewhere(AgentView view)
    {
        // Revoked here after the other dashboard's row was read: not shown again.
        if (_revoked.ContainsKey(view.Name))
        {
            return false;
        }
        var shown = false;
        // Decided under the feed's lock, where Connected also sets its view: a hello that lands between a look at the
        // sessions and the update cannot be overwritten by the other dashboard's (older) word.
        _views.Update(view.Name, current =>
        {
            if (_sessions.ContainsKey(view.Name) && current is not null)
            {
                return current;
            }
            shown = true;
            return view;
        });
        if (shown && view.Status is { } status)
        {
            history.Record(view.Name, status);
        }
        return shown;
    }

    /// <summary>The dashboard a director reported through is gone: it shows as disconnected until it reports from elsewhere.</summary>
    public void LostElsewhere(string name)
    {
        if (_views.Get(name) is { Dashboard: not null, Connected: true })
        {
            _views.UpdateIfPresent(name, view => view is { Dashboard: not null } ? view with { Connected = false } : view);
        }
    }

    /// <summary>Directors enrolled (again) since they were revoked here: what other dashboards say of them is shown again.</summary>
    public void Enrolled(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            _revoked.TryRemove(name, out _);
        }
    }

    /// <summary>Closes the connection of a revoked director and forgets it.</summary>
    public void Revoke(string name)
    {
        _revoked[name] = 0;
        if (_sessions.TryRemove(name, out var session))
        {
            session.Socket.Abort();
        }
        _views.Remove(name);
        history.Forget(name);
    }

    private AgentView Applied(string name, AppliedMessage applied, AgentView view)
    {
        timings.Applied(name, applied.Version);
        return view with { AppliedVersion = applied.Version, LastError = null };
    }

    // Something the director said here: its view is this dashboard's again, whatever another one said before.
    private void Update(string name, Func<AgentView, AgentView> change) =>
        _views.Update(name, view => change(view ?? new AgentView(name, false, time.GetUtcNow(), 0, null, null)) with { LastContact = time.GetUtcNow(), Dashboard = null });
}
