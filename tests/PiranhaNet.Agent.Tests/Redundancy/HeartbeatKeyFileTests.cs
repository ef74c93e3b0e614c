using PiranhaNet.Agent.Persistence;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Redundancy;

public sealed class HeartbeatKeyFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "piranhanet-key-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Save_WritesAFileOnlyItsOwnerCanRead_LoadGivesTheKeysBack()
    {
        var file = new HeartbeatKeyFile(_directory);
        var keys = new HeartbeatKeyMessage(HeartbeatKey.Generate(), HeartbeatKey.Generate(), DateTimeOffset.UtcNow.AddMinutes(5));

        file.Save(keys);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        Assert.Equal(keys, file.Load());
    }

    [Fact]
    public void Load_MissingOrDamagedFile_IsNoKey()
    {
        var file = new HeartbeatKeyFile(_directory);
        var missing = file.Load();
        Directory.CreateDirectory(_directory);
        File.WriteAllText(file.Path, "{\"type\":\"heartbeat-key\",\"key\":\"short\"}");

        Assert.Null(missing);
        Assert.Null(file.Load());
    }

    [Fact]
    public void Usable_AfterARotation_SignsWithThePreviousKeyUntilTheSwitch_ThenTheNew_AcceptingBothALittleLonger()
    {
        var now = DateTimeOffset.UtcNow;
        var keys = new HeartbeatKeyMessage(HeartbeatKey.Generate(), HeartbeatKey.Generate(), now.AddMinutes(5));
        var (current, previous) = (HeartbeatKey.TryDecode(keys.Key)!, HeartbeatKey.TryDecode(keys.Previous)!);

        Assert.Equal([previous, current], HeartbeatKeyring.UsableAt(keys, now));
        Assert.Equal([current, previous], HeartbeatKeyring.UsableAt(keys, now.AddMinutes(5).AddSeconds(30)));
        Assert.Equal([current], HeartbeatKeyring.UsableAt(keys, now.AddMinutes(6).AddSeconds(1)));
        Assert.Equal([current], HeartbeatKeyring.UsableAt(keys with { Previous = null, PreviousUntil = null }, now));
        Assert.Empty(HeartbeatKeyring.UsableAt(null, now));
    }
}
