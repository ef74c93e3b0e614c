using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// Issue 15's dashboards on one PostgreSQL store (the bench's own throwaway server): how long a version saved through
/// dashboard A's API takes to reach an agent connected to dashboard B (LISTEN/NOTIFY, goal within one second), and what a
/// save costs through the API on PostgreSQL and on SQLite. The agent is a real WebSocket client speaking the protocol.
/// </summary>
internal static class SharedStoreBenchmarks
{
    private const int Saves = 50;

    public static async Task RunAsync()
    {
        var database = await ThrowawayPostgres.NewDatabaseAsync();
        await using var a = await DashboardServer.StartAsync(store: database);
        await using var b = await DashboardServer.StartAsync(store: database);
        var enrolled = await (await a.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        using var agent = await ScriptedAgent.ConnectAsync(b.Address, enrolled.GetProperty("token").GetString()!, "lvs1");
        var arrived = new ConcurrentDictionary<int, long>();
        using var stop = new CancellationTokenSource();
        var receiving = ReceiveAsync(agent, arrived, stop.Token);

        var (saves, reached, total) = (new double[Saves], new double[Saves], new double[Saves]);
        for (var i = 0; i < Saves; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await a.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(Config(i)), ifMatch: i);
            response.EnsureSuccessStatusCode();
            var saved = Stopwatch.GetTimestamp();
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
            while (!arrived.ContainsKey(i + 1) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(1);
            }
            if (!arrived.TryGetValue(i + 1, out var at))
            {
                throw new InvalidOperationException($"version {i + 1} did not reach the agent on B within 10 s");
            }
            (saves[i], reached[i], total[i]) = (Ms(saved - started), Ms(at - saved), Ms(at - started));
        }
        await stop.CancelAsync();
        await receiving;
        Measurement.Print("PostgreSQL: save through A's API", saves, "");
        Measurement.Print("from A's answer to the agent on B being sent it", reached, "goal: within 1000 ms");
        Measurement.Print("from the save request on A to the agent on B", total, "");

        await using var sqlite = await DashboardServer.StartAsync();
        var local = new double[Saves];
        for (var i = 0; i < Saves; i++)
        {
            var started = Stopwatch.GetTimestamp();
            (await sqlite.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(Config(i)), ifMatch: i)).EnsureSuccessStatusCode();
            local[i] = Ms(Stopwatch.GetTimestamp() - started);
        }
        Measurement.Print("SQLite: save through the API", local, "");
    }

    // Ten virtual servers; save i sets the weight of one real server to i, so every save is a new version.
    private static LvsConfig Config(int i) => LargeConfig.WithWeight(LargeConfig.Create(10, 2), i % 10, i + 10);

    // When each version first reached the agent, by version.
    private static async Task ReceiveAsync(System.Net.WebSockets.ClientWebSocket agent, ConcurrentDictionary<int, long> arrived, CancellationToken stop)
    {
        try
        {
            while (await WebSocketMessages.ReceiveAsync(agent, stop) is { } message)
            {
                var version = message switch { ConfigureMessage m => m.Version, ConfigureChangesMessage m => m.Version, _ => -1 };
                arrived.TryAdd(version, Stopwatch.GetTimestamp());
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
