using Microsoft.Extensions.Logging.Testing;
using PiranhaNet.Agent.Health;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Health;

/// <summary>notify-up and notify-down: real programs run without a shell, placeholders filled, failures logged.</summary>
public sealed class NotifyCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("piranhanet-notify-").FullName;
    private readonly FakeLogger<NotifyCommands> _logger = new();

    private IReadOnlyList<string> Log => [.. _logger.Collector.GetSnapshot().Select(r => r.Message)];

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static HealthEvent Change(HealthState to) => new(DateTimeOffset.UtcNow, "web", "r1", HealthState.Entering, to, "connection refused");

    [Fact]
    public async Task Up_RunsTheUpCommandWithItsPlaceholders_AndOnlyIt()
    {
        var notify = new NotifyCommands($"/usr/bin/touch {_directory}/up-%v-%r", $"/usr/bin/touch {_directory}/down-%v-%r", _logger);

        await notify.OnStateChangedAsync(Change(HealthState.Up));
        await notify.OnStateChangedAsync(Change(HealthState.Ramping));

        Assert.Equal(["up-web-r1"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        Assert.Empty(Log);
    }

    [Fact]
    public async Task Down_FailingOrMissingCommand_IsLogged()
    {
        await new NotifyCommands(null, "/bin/false %v", _logger).OnStateChangedAsync(Change(HealthState.Down));
        await new NotifyCommands(null, "/nonexistent/notify", _logger).OnStateChangedAsync(Change(HealthState.Down));

        Assert.Equal("notify command /bin/false for r1 of web exited with 1", Log[0]);
        Assert.StartsWith("notify command /nonexistent/notify cannot run:", Log[1]);
    }

    [Fact]
    public async Task Down_RealServersOwnCommand_RunsBesideTheAgentsAndAloneWithoutIt()
    {
        var withAgent = new NotifyCommands(null, $"/usr/bin/touch {_directory}/agent-%r", _logger);
        var alone = new NotifyCommands(null, null, _logger);

        await withAgent.OnStateChangedAsync(Change(HealthState.Down), ownUp: $"/usr/bin/touch {_directory}/own-up", ownDown: $"/usr/bin/touch {_directory}/own-down-%s");
        await alone.OnStateChangedAsync(Change(HealthState.Down) with { RealServer = "r2" }, ownUp: null, ownDown: $"/usr/bin/touch {_directory}/alone-%r");

        Assert.Equal(["agent-r1", "alone-r2", "own-down-connection refused"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
