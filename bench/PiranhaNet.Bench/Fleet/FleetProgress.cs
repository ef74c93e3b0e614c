using System.Globalization;

namespace PiranhaNet.Bench.Fleet;

/// <summary>
/// What the fleet workers' directors did, from the lines they print: per director, when it applied each version
/// (Stopwatch timestamps, one monotonic clock for every process on the machine) and where it is connected.
/// </summary>
internal sealed class FleetProgress
{
    public const string AppliedVerb = "applied";
    public const string ConnectedVerb = "connected";
    public const string RepeatedVerb = "repeated";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Director> _directors = new(StringComparer.Ordinal);

    /// <summary>Versions that a director applied after a newer one, or twice.</summary>
    public int OutOfOrder { get; private set; }

    /// <summary>Versions sent again to a director that held them (as when it moves to another dashboard).</summary>
    public int Repeats { get; private set; }

    private sealed class Director
    {
        public int Version { get; set; }
        public Dictionary<int, long> AppliedAt { get; } = [];
        public Uri? ConnectedTo { get; set; }
        public long ConnectedAt { get; set; }
    }

    /// <summary>Takes one line a worker printed; lines of other kinds (errors) are left to the worker's output.</summary>
    public void Record(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 4 || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var at))
        {
            return;
        }
        lock (_lock)
        {
            var director = _directors.TryGetValue(parts[1], out var known) ? known : _directors[parts[1]] = new Director();
            if (parts[0] == AppliedVerb && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var version))
            {
                OutOfOrder += version <= director.Version ? 1 : 0;
                director.Version = Math.Max(director.Version, version);
                director.AppliedAt.TryAdd(version, at);
            }
            else if (parts[0] == RepeatedVerb)
            {
                Repeats++;
            }
            else if (parts[0] == ConnectedVerb)
            {
                (director.ConnectedTo, director.ConnectedAt) = (new Uri(parts[2]), at);
            }
        }
    }

    /// <summary>How many of <paramref name="count"/> directors have applied <paramref name="version"/>.</summary>
    public int CountAt(int version)
    {
        lock (_lock)
        {
            return _directors.Values.Count(d => d.Version >= version);
        }
    }

    /// <summary>Each director's time from <paramref name="since"/> to applying <paramref name="version"/>, in ms.</summary>
    public double[] AppliedAfter(int version, long since)
    {
        lock (_lock)
        {
            return [.. _directors.Values.Select(d => Milliseconds(d.AppliedAt[version] - since))];
        }
    }

    /// <summary>How many directors are connected to a dashboard now.</summary>
    public int Connected()
    {
        lock (_lock)
        {
            return _directors.Values.Count(d => d.ConnectedTo is not null);
        }
    }

    /// <summary>The directors connected to <paramref name="dashboard"/> now.</summary>
    public IReadOnlyList<string> ConnectedTo(Uri dashboard)
    {
        lock (_lock)
        {
            return [.. _directors.Where(d => d.Value.ConnectedTo == dashboard).Select(d => d.Key)];
        }
    }

    /// <summary>For each of <paramref name="names"/>, its time from <paramref name="since"/> to connecting to <paramref name="dashboard"/>; null while any has not.</summary>
    public double[]? MovedAfter(IReadOnlyList<string> names, Uri dashboard, long since)
    {
        lock (_lock)
        {
            var moved = names.Select(n => _directors[n]).Where(d => d.ConnectedTo == dashboard && d.ConnectedAt > since).ToList();
            return moved.Count == names.Count ? [.. moved.Select(d => Milliseconds(d.ConnectedAt - since))] : null;
        }
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
