using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PiranhaNet.Netns;

/// <summary>
/// Network namespaces for tests: the <c>ip</c> command, and sockets opened inside a namespace from this process
/// (a short-lived thread joins the namespace, opens the socket and ends; the socket stays in that namespace).
/// </summary>
public static partial class Netns
{
    private const int NewNetworkNamespace = 0x40000000;   // CLONE_NEWNET

    /// <summary>Why namespaces cannot be used here, or null when they can (root and the ip command).</summary>
    public static string? Unavailable()
    {
        if (GetEffectiveUserId() != 0)
        {
            return "network namespace tests need root (CI runs as root; run them with sudo)";
        }
        try
        {
            Ip("-V");
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"network namespace tests need the ip command (apt-get install iproute2): {e.Message}";
        }
    }

    /// <summary>Runs <c>ip ARGS</c>; throws with its error output when it fails.</summary>
    public static string Ip(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new InvalidOperationException($"ip {string.Join(' ', args)} did not finish in 30 s");
        }
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {error.Trim()}");
    }

    /// <summary>Runs <paramref name="action"/> on a thread that has joined namespace <paramref name="name"/> (sockets it opens live there).</summary>
    public static void RunIn(string name, Action action)
    {
        using var handle = File.OpenHandle($"/run/netns/{name}");
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                if (SetNamespace((int)handle.DangerousGetHandle(), NewNetworkNamespace) != 0)
                {
                    throw new InvalidOperationException($"setns into {name} failed: errno {Marshal.GetLastPInvokeError()}");
                }
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"failed inside {name}: {failure.Message}", failure);
        }
    }

    /// <summary>A socket that lives in namespace <paramref name="name"/>.</summary>
    public static Socket SocketIn(string name, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        RunIn(name, () => socket = new Socket(family, type, protocol));
        return socket!;
    }


    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int descriptor, int type);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
