using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PiranhaNet.Bench;

/// <summary>
/// Real servers for health checks to find up, in a child process of this program (so the CPU they use is not
/// counted as the measured process's): listeners on loopback ports that accept every connection and close it.
/// </summary>
internal sealed class AcceptingProcess : IAsyncDisposable
{
    private const string Command = "accept-on";
    private readonly Process _process;

    private AcceptingProcess(Process process) => _process = process;

    /// <summary>Starts the child listening on <paramref name="ports"/> and waits until it is.</summary>
    public static async Task<AcceptingProcess> StartAsync(IEnumerable<int> ports)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", [typeof(AcceptingProcess).Assembly.Location, Command, .. ports.Select(p => p.ToString(CultureInfo.InvariantCulture))])
        {
            RedirectStandardOutput = true,
        })!;
        await process.StandardOutput.ReadLineAsync();   // "listening"
        return new AcceptingProcess(process);
    }

    /// <summary>The child's side, when this program runs as <c>accept-on PORT...</c>; true when it did.</summary>
    public static async Task<bool> RunIfAskedAsync(string[] args)
    {
        if (args is not [Command, .. var ports])
        {
            return false;
        }
        var listeners = ports.Select(port =>
        {
            var listener = new TcpListener(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
            listener.Start(4096);
            return listener;
        }).ToList();
        Console.WriteLine("listening");
        await Task.WhenAll(listeners.SelectMany(l => Enumerable.Range(0, 4).Select(_ => AcceptForeverAsync(l))));
        return true;
    }

    private static async Task AcceptForeverAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                (await listener.AcceptSocketAsync()).Dispose();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
