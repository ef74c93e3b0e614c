using System.Net.Sockets;
using System.Text;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Core.Model;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Dataplane.Nftables;

/// <summary>
/// A real <c>piranhanet-agent</c> process on the nftables dataplane in the lab's director namespace, restoring its
/// state directory as it does at boot: auto chooses nftables on this kernel (which has no IPVS) and says why, and an
/// agent restart (even kill -9) changes nothing in the kernel, so an established connection carries on. Needs root.
/// </summary>
public sealed class NftablesAgentTests : IAsyncLifetime
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(20);
    private readonly string _state = Path.Combine(Path.GetTempPath(), "piranhanet-nft-agent", Guid.NewGuid().ToString("N"));
    private LoadBalancerLab _lab = null!;

    public async Task InitializeAsync()
    {
        _lab = LoadBalancerLab.Create();
        await new AppliedStateFile(_state).SaveAsync(new AppliedState(1, true, Config, []), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _lab.DisposeAsync();
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    // A NAT cluster whose primary is not this director: the director forwards and manages no address (the lab's VIPs
    // are on it already), as a director without a role does.
    private static LvsConfig Config => new()
    {
        Global = new GlobalSettingsConfig
        {
            Primary = "10.77.0.250", Network = NetworkType.Nat, NatRouterAddress = "10.77.1.1", NatRouterNetmask = "255.255.255.0", NatRouterDevice = "r1:1",
        },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = LoadBalancerLab.Vip.ToString(), Device = "c0", Port = LoadBalancerLab.TcpPort, Scheduler = "rr",
                RealServers = [.. Enumerable.Range(1, 3).Select(n => new RealServerConfig { Name = $"real{n}", Address = LoadBalancerLab.RealAddress(n).ToString(), Active = true })],
            },
        ],
    };

    [Fact]
    public async Task AgentRestart_EvenKill9_ChangesNothing_AnEstablishedConnectionCarriesOn()
    {
        using var agent = new AgentProcess(_lab.Director, "lvs1", _state, "auto");
        Assert.True(await agent.WaitForAsync("restored version 1", s_settle), Transcript(agent));
        Assert.Contains(agent.Lines, line => line.Contains("dataplane: nftables (auto: NAT in the kernel's nftables; the kernel's IPVS cannot be used", StringComparison.Ordinal));
        using var held = await _lab.ConnectAsync(LoadBalancerLab.Vip);
        Assert.StartsWith("real", await LoadBalancerLab.ReadLineAsync(held, TimeSpan.FromSeconds(3)), StringComparison.Ordinal);
        var table = _lab.Nft("-s", "-a", "list", "table", "inet", "piranhanet");

        agent.Kill();
        Assert.Equal("without the agent", await EchoAsync(held, "without the agent"));
        using var restarted = new AgentProcess(_lab.Director, "lvs1", _state, "nftables");

        Assert.True(await restarted.WaitForAsync("restored version 1", s_settle), Transcript(restarted));
        Assert.Contains(restarted.Lines, line => line.Contains("(0 change(s))", StringComparison.Ordinal));
        Assert.Equal(table, _lab.Nft("-s", "-a", "list", "table", "inet", "piranhanet"));
        Assert.Equal("after the restart", await EchoAsync(held, "after the restart"));
    }

    private static async Task<string?> EchoAsync(Socket socket, string text)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(text + "\n"), SocketFlags.None);
        return await LoadBalancerLab.ReadLineAsync(socket, TimeSpan.FromSeconds(3));
    }

    private static string Transcript(AgentProcess agent) => string.Join('\n', agent.Lines);
}
