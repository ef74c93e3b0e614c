using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Agents;

public class LocalAgentTests
{
    [Fact]
    public async Task Serve_WithLocalAgent_EnrolsAndConnectsDirectorLocal()
    {
        await using var server = await DashboardServer.StartAsync(localAgent: true);
        var registry = server.Services.GetRequiredService<AgentRegistry>();

        var deadline = Stopwatch.StartNew();
        while (registry.Views.GetValueOrDefault(LocalAgentService.DirectorName) is not { Connected: true, Status: not null } && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        var view = Assert.IsType<AgentView>(registry.Views.GetValueOrDefault(LocalAgentService.DirectorName));
        Assert.True(view.Connected);
        Assert.Equal("userspace", view.Status!.Dataplane);
        var tokenFile = Path.Combine(server.DataDirectory, "local-agent", "token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
    }
}
