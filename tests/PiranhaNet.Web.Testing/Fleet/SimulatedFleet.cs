namespace PiranhaNet.Web.Testing.Fleet;

/// <summary>Many <see cref="SimulatedDirector"/>s running in this process until disposed.</summary>
public sealed class SimulatedFleet : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _running;

    private SimulatedFleet(IReadOnlyList<SimulatedDirector> directors)
    {
        Directors = directors;
        _running = [.. directors.Select(d => Task.Run(() => d.RunAsync(_stop.Token)))];
    }

    /// <summary>The directors, in the order given.</summary>
    public IReadOnlyList<SimulatedDirector> Directors { get; }

    /// <summary>
    /// Starts one director per enrolled (name, token); director i tries the controllers from
    /// <paramref name="controllersOf"/>(i) in order. <paramref name="prepare"/> may set each one's callbacks before it runs.
    /// </summary>
    public static SimulatedFleet Start(IReadOnlyList<(string Name, string Token)> enrolled, Func<int, IReadOnlyList<Uri>> controllersOf,
        SimulatedDirectorOptions? options = null, Action<SimulatedDirector>? prepare = null)
    {
        var directors = enrolled.Select((d, i) => new SimulatedDirector(d.Name, d.Token, controllersOf(i), options ?? new SimulatedDirectorOptions())).ToList();
        directors.ForEach(d => prepare?.Invoke(d));
        return new SimulatedFleet(directors);
    }

    /// <summary>Waits, up to <paramref name="within"/>, until every director meets <paramref name="condition"/>; else throws naming what and how many did not.</summary>
    public async Task WaitForAllAsync(Func<SimulatedDirector, bool> condition, string what, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Directors.Count(d => !condition(d)) is var missing and > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                var examples = string.Join(", ", Directors.Where(d => !condition(d)).Take(5).Select(d => $"{d.Name} (version {d.Version}, on {d.ConnectedTo?.ToString() ?? "none"})"));
                throw new TimeoutException($"{missing} of {Directors.Count} directors did not get there within {within.TotalSeconds} s: {what}; for example {examples}");
            }
            await Task.Delay(20);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
