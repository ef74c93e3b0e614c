using System.Globalization;
using System.Text;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// Kernel forwarding without IPVS: NAT load balancing in nftables, in a table of PiranhaNet's own
/// (<c>table inet piranhanet</c>, see <see cref="NftSkeleton"/> and <see cref="NftServiceScript"/>), written through
/// libnftables and read over nf_tables netlink (<see cref="NftablesReader"/>). Each plan is one nf_tables
/// transaction: the kernel takes all of it or none. The plan is turned into commands against what the kernel holds
/// now, read back for the services it touches (and, when the kernel refuses the transaction, from the whole table,
/// once more). Counters come from the counting sets, live connections from conntrack. When no service is left the
/// table is deleted, and nothing else of the ruleset is ever touched. Calls take turns: the library's context and the
/// netlink sockets carry one conversation at a time.
/// </summary>
internal sealed class NftablesDataplane : IDataplane
{
    private readonly NftablesContext _nft;
    private readonly NftablesReader _reader;
    private readonly ConntrackTable _conntrack;
    private readonly TimeProvider _time;
    private readonly IpvsTimeouts _conntrackDefaults;
    private readonly NftSkeleton _skeleton;
    private readonly SerialQueue _turns = new();
    // The table as last read or applied, in order, for status reads (which do not list every service's objects).
    private readonly Dictionary<IpvsServiceKey, IpvsService> _known = [];
    private readonly Dictionary<(IpvsServiceKey, (System.Net.IPAddress, int)?), RateEstimator> _rates = [];
    // Timeouts set since the last apply, written by the next one in the same transaction; null when none are waiting.
    private IpvsTimeouts? _staged;
    // The timeouts last written or read: what a table rebuilt after damage gets again, rather than conntrack's own.
    private IpvsTimeouts? _lastTimeouts;
    // conntrack's socket has a turn of its own: its dump (the largest read) does not hold up applies.
    private readonly Lock _conntrackTurn = new();

    private NftablesDataplane(NftablesContext nft, NftablesReader reader, ConntrackTable conntrack, TimeProvider time, IpvsTimeouts conntrackDefaults, bool masquerade)
    {
        (_nft, _reader, _conntrack, _time, _conntrackDefaults) = (nft, reader, conntrack, time, conntrackDefaults);
        _skeleton = new NftSkeleton(masquerade);
    }

    /// <inheritdoc />
    public string Name => Core.Dataplanes.DataplaneNames.Nftables;

    /// <summary>
    /// Opens nf_tables and conntrack in the calling thread's network namespace; a <see cref="DataplaneException"/>
    /// says why they cannot be had (libnftables not installed, no CAP_NET_ADMIN). With <paramref name="masquerade"/>
    /// the services' connections leave for the real servers from the director's address.
    /// </summary>
    public static NftablesDataplane Open(TimeProvider time, bool masquerade = false)
    {
        var opened = new List<IDisposable>();
        try
        {
            var nft = NftablesContext.Open();
            opened.Add(nft);
            var reader = NftablesReader.Open();
            opened.Add(reader);
            try
            {
                reader.TableExists();   // proves this process may use nf_tables
            }
            catch (DataplaneException e)
            {
                throw new DataplaneException($"nf_tables cannot be used: {e.Message}", e);
            }
            var conntrack = ConntrackTable.Open();
            return new NftablesDataplane(nft, reader, conntrack, time, ConntrackDefaults(), masquerade);
        }
        catch
        {
            opened.ForEach(o => o.Dispose());
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsService>> ReadTableAsync(CancellationToken cancellationToken) =>
        _turns.RunAsync(_ => Task.FromResult(Services(NftServiceState.Read(ReadAll()), whole: true)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsService>> ReadServicesAsync(IReadOnlyCollection<IpvsServiceKey> keys, CancellationToken cancellationToken) =>
        _turns.RunAsync(_ =>
        {
            var only = keys.ToHashSet();
            return Task.FromResult(Services(NftServiceState.Read(ReadSome(only), only), whole: false));
        }, cancellationToken);

    /// <inheritdoc />
    public Task ApplyAsync(IpvsPlan plan, CancellationToken cancellationToken) => _turns.RunAsync(_ =>
    {
        // What each touched service must end as (null: deleted), checked before anything is read or sent.
        var finals = plan.Changes.GroupBy(c => c.Service.Key)
            .ToDictionary(g => g.Key, g => g.Last() is { Kind: IpvsChangeKind.DeleteService } ? null : NftServiceShape.Of(g.Last().Service));
        var script = Script(ReadSome(finals.Keys.ToHashSet()), finals);
        if (script.Text.Length > 0)
        {
            try
            {
                _nft.Run(script.Text);
            }
            catch (DataplaneException)
            {
                // Planned from a read of some services' objects: read the whole table and try once more, so something
                // removed by hand since is not what makes the version fail.
                script = Script(ReadAll(), finals);
                try
                {
                    _nft.Run(script.Text);
                }
                catch (DataplaneException e)
                {
                    throw new DataplaneException($"{e.Message} (a transaction changing {string.Join(", ", finals.Keys)}); nothing of it was applied", e);
                }
            }
        }
        _staged = null;
        _lastTimeouts = script.Timeouts ?? _lastTimeouts;
        foreach (var (key, shape) in finals)
        {
            if (shape is null)
            {
                _known.Remove(key);
            }
            else
            {
                _known[key] = shape.Service;
            }
        }
        return Task.CompletedTask;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IpvsTimeouts> ReadTimeoutsAsync(CancellationToken cancellationToken) =>
        _turns.RunAsync(_ => Task.FromResult(TimeoutsInKernel() ?? _conntrackDefaults), cancellationToken);

    /// <inheritdoc />
    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken) => _turns.RunAsync(_ =>
    {
        if (timeouts.Tcp <= 0 || timeouts.TcpFin <= 0 || timeouts.Udp <= 0)
        {
            throw new DataplaneException($"timeouts must be positive: {timeouts}");
        }
        // Written with the next plan, in its transaction; putting back what is there already waits for nothing.
        _staged = timeouts == (TimeoutsInKernel() ?? _conntrackDefaults) ? null : timeouts;
        return Task.CompletedTask;
    }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<IpvsServiceStatus>> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var (shapes, counters) = await _turns.RunAsync(_ =>
        {
            var shapes = _known.Values.Where(s => NftServiceShape.Refusal(s) is null).Select(NftServiceShape.Of).ToList();
            var inventory = new NftInventory();
            foreach (var set in shapes.Select(s => s.Flow).Distinct().SelectMany(flow => CountingSet.All.Select(set => NftNames.Counting(set, flow))))
            {
                inventory.AddElements(set, _reader.Elements(set));   // a set gone behind our back counts nothing until the reconcile
            }
            return Task.FromResult((shapes, NftCounters.From(inventory)));
        }, cancellationToken);
        if (shapes.Count == 0)
        {
            return [];
        }
        lock (_conntrackTurn)
        {
            var connections = _conntrack.Read();
            ForgetRatesOfGoneServices(shapes);
            return [.. shapes.Select(shape => Status(shape, counters, connections))];
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // After whatever is queued: a status read may still be under way when the agent stops.
        await _turns.RunAsync(_ =>
        {
            _nft.Dispose();
            _reader.Dispose();
            lock (_conntrackTurn)
            {
                _conntrack.Dispose();
            }
            return Task.CompletedTask;
        }, CancellationToken.None);
    }

    // The commands that turn what the inventory found into the final services (empty when nothing is to change), and
    // the timeouts they write, if they do.
    private (string Text, IpvsTimeouts? Timeouts) Script(NftInventory inventory, Dictionary<IpvsServiceKey, NftServiceShape?> finals)
    {
        var script = new StringBuilder();
        var remaining = NftServiceState.Keys(inventory).ToHashSet();
        foreach (var (key, shape) in finals)
        {
            if (shape is null)
            {
                remaining.Remove(key);
            }
            else
            {
                remaining.Add(key);
            }
        }
        if (remaining.Count == 0)
        {
            // Nothing left to do: the table goes, as Stop promises (and a director with no services has none).
            return (inventory.TableExists ? $"delete table {NftNames.Table}\n" : "", null);
        }
        var timeoutsNow = inventory.TableExists ? ReferencedTimeouts(inventory) : [];
        var inKernel = NftTimeouts.Parse(timeoutsNow);
        var timeouts = _staged ?? inKernel ?? _lastTimeouts ?? _conntrackDefaults;
        IpvsTimeouts? written = null;
        if (!inventory.TableExists || !SkeletonIntact(inventory))
        {
            NftSkeleton.AddObjects(script, withTable: !inventory.TableExists);
            _skeleton.WriteRules(script);
            NftTimeouts.Write(script, written = timeouts, timeoutsNow);
        }
        else if (inKernel is null || timeouts != inKernel)
        {
            NftTimeouts.Write(script, written = timeouts, timeoutsNow);
        }
        var states = NftServiceState.Read(inventory, finals.Keys.ToHashSet()).ToDictionary(s => s.Key);
        foreach (var (key, shape) in finals)
        {
            var current = states.GetValueOrDefault(key);
            if (shape is null)
            {
                if (current is not null)
                {
                    NftServiceScript.Delete(script, current);
                }
            }
            else if (current is null)
            {
                // What is left of it without its dispatch element (deleted by hand) would be in the way.
                if (NftServiceState.Leftover(inventory, key) is { } leftover)
                {
                    NftServiceScript.Delete(script, leftover);
                }
                NftServiceScript.Add(script, shape);
            }
            else if (!current.Intact || current.RingWithPort != shape.WithPort)
            {
                // Not as PiranhaNet left it, or its ring changes form: rewritten whole, from what is there.
                NftServiceScript.Delete(script, current);
                NftServiceScript.Add(script, shape);
            }
            else
            {
                NftServiceScript.Change(script, current, shape);
            }
        }
        return (script.ToString(), written);
    }

    // Every object of the table: chains, rules and sets, and the elements of the maps a service is read from (not the
    // persistence maps: they hold every client).
    private NftInventory ReadAll()
    {
        if (!_reader.TableExists())
        {
            return new NftInventory();
        }
        var inventory = new NftInventory { TableExists = true }.AddChains(_reader.Chains()).AddRules(_reader.Rules()).AddSets(_reader.Sets());
        _lastTimeouts = NftTimeouts.Parse(ReferencedTimeouts(inventory)) ?? _lastTimeouts;
        foreach (var map in inventory.Sets.Keys.Where(name => name.StartsWith("services", StringComparison.Ordinal) || name.StartsWith("marks", StringComparison.Ordinal)
            || name.StartsWith("stick_", StringComparison.Ordinal) || name.StartsWith("ring_", StringComparison.Ordinal) || name.StartsWith("weights_", StringComparison.Ordinal)).ToList())
        {
            inventory.AddElements(map, _reader.Elements(map));
        }
        return inventory;
    }

    // The fixed chains, the dispatch maps, and the objects of the services among keys: what a plan touches.
    private NftInventory ReadSome(IReadOnlySet<IpvsServiceKey> keys)
    {
        if (!_reader.TableExists())
        {
            return new NftInventory();
        }
        var inventory = new NftInventory { TableExists = true }.AddChains(_reader.Chains()).AddSets(_reader.Sets());
        foreach (var chain in _skeleton.ChainRules.Keys)
        {
            inventory.AddRules(_reader.Rules(chain));
        }
        foreach (var map in FlowClass.All.SelectMany(flow => new[] { NftNames.Dispatch(flow), NftNames.StickDispatch(flow) }).Distinct())
        {
            inventory.AddElements(map, _reader.Elements(map));
        }
        foreach (var id in NftServiceState.Keys(inventory).Where(keys.Contains).Select(NftNames.ServiceId))
        {
            inventory.AddRules(_reader.Rules(NftNames.ServiceChain(id))).AddRules(_reader.Rules(NftNames.StickChain(id)));
            foreach (var map in new[] { NftNames.Ring(id), NftNames.Weights(id), NftNames.Sticky(id) })
            {
                inventory.AddElements(map, _reader.Elements(map));
            }
        }
        return inventory;
    }

    // The services the states describe; one not as PiranhaNet wrote it reads with a scheduler of "(damaged)", so a
    // plan rewrites it. A whole read also becomes what status reports show.
    private IReadOnlyList<IpvsService> Services(IReadOnlyList<NftServiceState> states, bool whole)
    {
        var services = states.Select(s => s.Intact ? s.Service! : (s.Service ?? new IpvsService(s.Key, "", 0, 0, 0, [])) with { Scheduler = "(damaged)" }).ToList();
        if (whole)
        {
            _known.Clear();
        }
        foreach (var service in services)
        {
            _known[service.Key] = service;
        }
        return services;
    }

    // The fixed chains hold their rules, written in this layout, and no fixed set is missing (some are used by no rule
    // while the agent does not masquerade, so nothing else would keep them from being deleted).
    private bool SkeletonIntact(NftInventory inventory) =>
        _skeleton.ChainRules.All(chain => inventory.Rules(chain.Key)?.Count == chain.Value)
        && inventory.Rules("prerouting")![0].Comment == NftSkeleton.Layout
        && NftSkeleton.SetNames.All(inventory.Sets.ContainsKey);

    // The timeout objects the timeouts chain points at (its rules' ct timeout set "tcp4_900_120").
    private static List<string> ReferencedTimeouts(NftInventory inventory) => [.. (inventory.Rules("timeouts") ?? []).SelectMany(rule => rule.References)];

    // Null without the table: the kernel's own are in force.
    private IpvsTimeouts? TimeoutsInKernel() => NftTimeouts.Parse([.. _reader.Rules("timeouts").SelectMany(rule => rule.References)]);

    private IpvsServiceStatus Status(NftServiceShape shape, NftCounters counters, ConnectionCounts connections)
    {
        var key = shape.Service.Key;
        var stats = counters.OfService(shape);
        var destinations = shape.Service.Destinations.Select(d =>
        {
            var destinationStats = counters.OfDestination(shape, d);
            var (active, inactive) = connections.Of(key, d);
            return new IpvsDestinationStatus(d, active, inactive, destinationStats, Rates((key, d.Key)).Read(destinationStats));
        });
        return new IpvsServiceStatus(shape.Service, stats, Rates((key, null)).Read(stats), [.. destinations]);
    }

    private RateEstimator Rates((IpvsServiceKey, (System.Net.IPAddress, int)?) key)
    {
        if (!_rates.TryGetValue(key, out var rates))
        {
            _rates[key] = rates = new RateEstimator(_time);
        }
        return rates;
    }

    // Rates of services and real servers no longer reported; called with the conntrack turn held, as the rates are read.
    private void ForgetRatesOfGoneServices(List<NftServiceShape> reported)
    {
        var services = reported.ToDictionary(s => s.Service.Key, s => s.Service);
        foreach (var key in _rates.Keys.Where(k => !services.TryGetValue(k.Item1, out var service)
            || (k.Item2 is { } destination && !service.Destinations.Any(d => d.Key == destination))).ToList())
        {
            _rates.Remove(key);
        }
    }

    // conntrack's own timeouts in this network namespace, as IPVS's three; the kernel's defaults where they cannot be read.
    private static IpvsTimeouts ConntrackDefaults()
    {
        static int Read(string name, int fallback)
        {
            try
            {
                return int.Parse(File.ReadAllText($"/proc/sys/net/netfilter/{name}").Trim(), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return fallback;
            }
        }
        return new IpvsTimeouts(Read("nf_conntrack_tcp_timeout_established", 432000), Read("nf_conntrack_tcp_timeout_fin_wait", 120),
            Read("nf_conntrack_udp_timeout_stream", 120));
    }
}
