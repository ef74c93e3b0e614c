using System.Net;
using PiranhaNet.Agent.Redundancy;

namespace PiranhaNet.Agent.KernelChecks;

/// <summary>Virtual IPs added and removed over rtnetlink, read back through rtnetlink and through <c>ip addr</c>.</summary>
public static partial class KernelIpvsChecks
{
    private static async Task VirtualAddressesComeAndGo()
    {
        Require(Environment.GetEnvironmentVariable("PIRANHANET_KERNEL_NETNS") == "1", "needs the network namespaces of run-in-vm.sh");
        using var addresses = RtnetlinkAddresses.Open();
        var vip4 = IPAddress.Parse("10.77.0.60");
        var vip6 = IPAddress.Parse("2001:db8::60");

        addresses.Add("d0:9", vip4, 32, label: "d0:9");
        addresses.Add("d0:9", vip4, 32, label: "d0:9");   // already there: fine
        addresses.Add("d0", vip6, 128);
        var held = addresses.List("d0");
        var shown = await RunAsync("ip", "-o addr show dev d0");
        addresses.Remove("d0:9", vip4, 32);
        addresses.Remove("d0:9", vip4, 32);                 // already gone: fine
        addresses.Remove("d0", vip6, 128);
        var after = addresses.List("d0");
        string? missingDevice = null;
        try
        {
            addresses.Add("nope0", vip4, 32);
        }
        catch (FloatingAddressException e)
        {
            missingDevice = e.Message;
        }

        Require(held.Contains(vip4) && held.Contains(vip6), $"read back: {string.Join(", ", held)}");
        Require(shown.Contains("inet 10.77.0.60/32", StringComparison.Ordinal) && shown.Contains("d0:9", StringComparison.Ordinal)
                && shown.Contains("inet6 2001:db8::60/128", StringComparison.Ordinal), $"ip addr show dev d0:\n{shown}");
        Require(!after.Contains(vip4) && !after.Contains(vip6) && after.Contains(IPAddress.Parse("10.77.2.1")), $"after removal: {string.Join(", ", after)}");
        Require(missingDevice == "there is no network device nope0", $"missing device: {missingDevice ?? "no error"}");
    }
}
