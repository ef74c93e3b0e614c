using PiranhaNet.Agent.Health;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Health;

/// <summary>notify-up and notify-down: real programs run without a shell, placeholders filled, failures logged.</summary>
public sealed class NotifyCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("piranhanet-notify-").FullName;
    private readonly List<string> _log = [];

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static HealthEvent Change(HealthState to) => new(DateTimeOffset.UtcNow, "web", "r1", HealthState.Entering, to, "connection refused");

    [Fact]
    public async Task Up_RunsTheUpCommandWithItsPlaceholders_AndOnlyIt()
    {
        var notify = new NotifyCommands($"/usr/bin/touch {_directory}/up-%v-%r", $"/usr/bin/touch {_directory}/down-%v-%r", _log.Add);

        await notify.OnStateChanged(Change(HealthState.Up));
        await notify.OnStateChanged(Change(HealthState.Ramping));

        Assert.Equal(["up-web-r1"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        Assert.Empty(_log);
    }

    [Fact]
    public async Task Down_FailingOrMissingCommand_IsLogged()
    {
        await new NotifyCommands(null, "/bin/false %v", _log.Add).OnStateChanged(Change(HealthState.Down));
        await new NotifyCommands(null, "/nonexistent/notify", _log.Add).OnStateChanged(Change(HealthState.Down));

        Assert.Equal("notify command /bin/false for r1 of web exited with 1", _log[0]);
        Assert.StartsWith("notify command /nonexistent/notify cannot run:", _log[1]);
    }
}
