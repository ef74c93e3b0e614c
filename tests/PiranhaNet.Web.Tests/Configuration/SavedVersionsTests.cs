using PiranhaNet.Core.Model;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Tests.Configuration;

public class SavedVersionsTests
{
    private static ConfigVersion Version(int serial) =>
        new(new ConfigVersionInfo(serial, "test", DateTimeOffset.UnixEpoch, $"version {serial}", 0, 0, null), LvsConfig.Empty with { SerialNo = serial });

    [Fact]
    public async Task Publish_SavesFinishingOutOfOrder_LeaveTheNewerCurrent_AndFollowersSeeOnlyItAfterward()
    {
        var saved = new SavedVersions();
        using var stop = new CancellationTokenSource();
        await using var follower = saved.FollowAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        saved.Publish(Version(7));
        saved.Publish(Version(6));   // an older save whose commit finished later

        Assert.True(await follower.MoveNextAsync());
        Assert.Equal(7, follower.Current.Info.Serial);
        Assert.Equal(7, saved.Current!.Info.Serial);
        var next = follower.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        saved.Publish(Version(8));
        Assert.True(await next);
        Assert.Equal(8, follower.Current.Info.Serial);
    }
}
