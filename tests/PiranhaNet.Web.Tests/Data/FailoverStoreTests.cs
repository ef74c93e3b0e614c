using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Tests.Shared;

namespace PiranhaNet.Web.Tests.Data;

/// <summary>Failovers as stored: a pair's changes of state and a cluster's groups taken and given up, each once.</summary>
public class FailoverStoreTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 6, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Record_TwoGroupsTakenAtOnce_BothKept_EachOnce_WithTheirGroups()
    {
        using var store = await Store.CreateAsync();
        var failovers = new FailoverStore(store.Database, TimeProvider.System, new WebOptions());
        FailoverRecord[] taken =
        [
            new(s_at, DirectorState.Standby, DirectorState.Active, "lvs2 is the most preferred online director (lvs1 silent)", "a"),
            new(s_at, DirectorState.Standby, DirectorState.Active, "lvs2 is its most preferred director", "b"),
        ];

        await failovers.RecordAsync("lvs2", taken, CancellationToken.None);
        // The agent repeats its last changes in every report: a dashboard that restarted must not store them twice.
        await new FailoverStore(store.Database, TimeProvider.System, new WebOptions()).RecordAsync("lvs2", taken, CancellationToken.None);
        await failovers.RecordAsync("lvs1", [new(s_at, DirectorState.Active, DirectorState.Standby, "primary is standing by")], CancellationToken.None);

        var stored = await failovers.ListAsync(null, 10, CancellationToken.None);
        Assert.Equal(["lvs1 - primary is standing by", "lvs2 b lvs2 is its most preferred director", "lvs2 a lvs2 is the most preferred online director (lvs1 silent)"],
            stored.Select(f => $"{f.Director} {f.Group ?? "-"} {f.Reason}"));
    }
}
