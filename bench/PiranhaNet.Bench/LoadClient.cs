using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PiranhaNet.Bench;

/// <summary>
/// The client side of a benchmark in network namespaces, as a child process of this program started with
/// <c>ip netns exec CLIENT</c> (every socket it opens is the client's): <c>load-client connections|throughput|probe
/// ADDRESS PORT [CLIENTS] [SECONDS] [SOURCE...]</c> prints one figure and exits.
/// </summary>
internal static class LoadClient
{
    private const string Command = "load-client";

    /// <summary>Runs the client in namespace <paramref name="netns"/> and returns the figure it printed.</summary>
    public static async Task<double> MeasureAsync(string netns, string what, IPEndPoint target, int clients = 1, TimeSpan? window = null, IEnumerable<IPAddress>? sources = null)
    {
        string[] arguments = ["netns", "exec", netns, "dotnet", typeof(LoadClient).Assembly.Location, Command, what, target.Address.ToString(),
            Number(target.Port), Number(clients), Number((int)(window ?? TimeSpan.Zero).TotalSeconds), .. (sources ?? []).Select(s => s.ToString())];
        using var process = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 && double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var figure)
            ? figure
            : throw new InvalidOperationException($"the {what} client against {target} failed: {output}{error}\n{ChildProcesses.Outputs}");
    }

    /// <summary>The child's side, when this program runs as <c>load-client ...</c>; true when it did.</summary>
    public static async Task<bool> RunIfAskedAsync(string[] args)
    {
        if (args is not [Command, var what, var address, var port, var clients, var seconds, .. var sources])
        {
            return false;
        }
        var target = new IPEndPoint(IPAddress.Parse(address), int.Parse(port, CultureInfo.InvariantCulture));
        var count = int.Parse(clients, CultureInfo.InvariantCulture);
        var figure = what switch
        {
            "connections" => await TrafficLoad.ConnectionsPerSecondAsync(target, count, TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)),
                [.. sources.Select(IPAddress.Parse)]),
            "throughput" => await TrafficLoad.ThroughputAsync(target, count),
            _ => await ProbeAsync(target),
        };
        Console.WriteLine(figure.ToString("R", CultureInfo.InvariantCulture));
        return true;
    }

    // Connects until a connection is answered (a service that just came up), for at most 20 s; 1 when it was.
    private static async Task<double> ProbeAsync(IPEndPoint target)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                await socket.ConnectAsync(target, timeout.Token);
                if (await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token) > 0)
                {
                    return 1;
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"nothing answers on {target} after 20 s");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
