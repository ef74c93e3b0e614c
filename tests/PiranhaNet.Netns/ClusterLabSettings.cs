using PiranhaNet.Core.Model;

namespace PiranhaNet.Netns;

/// <summary>
/// <see cref="DirectorPairLab"/> as a cluster: directors lvs1 (d1, the primary), lvs2 (d2, the backup) and, with three,
/// lvs3 (d3); group a (the virtual server web on 10.88.0.50) prefers lvs1, then lvs2, then lvs3; group b (web2 on
/// 10.88.0.51) prefers lvs2, then lvs3, then lvs1.
/// </summary>
public static class ClusterLabSettings
{
    /// <summary>
    /// The lab's settings for such a cluster, keepalive 0.2 s and dead time 0.6 s unless given, initdead 5 s; heartbeats
    /// to each director's addresses, or to the <paramref name="multicast"/> group.
    /// </summary>
    public static DirectorPairLab.Settings Of(bool failbackA = true, bool failbackB = true, int directors = 3, double keepalive = 0.2, double deadtime = 0.6,
        string? multicast = null) =>
        new(Keepalive: keepalive, Deadtime: deadtime, ExtraDirectors: directors - 2, Configure: pair => pair with
        {
            Redundancy = pair.Redundancy with
            {
                // The agents start a second or so apart: each waits for the others before it takes a group one of them may
                // prefer or hold, so who holds what at the start does not depend on which started first.
                InitDead = 5,
                Multicast = multicast,
                PrimaryName = "lvs1",
                BackupName = "lvs2",
                Directors = directors == 3 ? [new ClusterDirectorConfig { Name = "lvs3", Address = "10.88.0.3", PrivateAddress = "10.89.0.3" }] : [],
                Groups =
                [
                    new FailoverGroupConfig { Name = "a", Members = Members(directors, "lvs1", "lvs2", "lvs3"), Failback = failbackA },
                    new FailoverGroupConfig { Name = "b", Members = Members(directors, "lvs2", "lvs3", "lvs1"), Failback = failbackB },
                ],
            },
            // A director cut off for a while finds the real server unreachable; it is back in a second once reachable.
            VirtualServers =
            [
                pair.VirtualServers[0] with { Group = "a", Reentry = 1 },
                pair.VirtualServers[0] with { Name = "web2", Address = DirectorPairLab.Vip2.ToString(), Device = "eth0:2", Group = "b", Reentry = 1 },
            ],
        });

    /// <summary>
    /// Waits until every director's agent has heard every other one (their names are lvs1 for d1 and so on), so what
    /// a test does next does not meet a director still waiting out initdead for one it never heard.
    /// </summary>
    public static async Task<bool> AllHeardAsync(DirectorPairLab lab, TimeSpan within)
    {
        var directors = lab.Directors.ToList();
        for (var i = 0; i < directors.Count; i++)
        {
            for (var j = 0; j < directors.Count; j++)
            {
                if (i != j && !await lab.Agent(directors[i]).WaitForAsync($"lvs{j + 1} heard", within))
                {
                    return false;
                }
            }
        }
        return true;
    }

    // The directors in order of preference with falling priorities; in a two-director cluster, without lvs3.
    private static EquatableArray<GroupMemberConfig> Members(int directors, params string[] order) =>
        order.Where(d => directors == 3 || d != "lvs3").Select((d, i) => new GroupMemberConfig(d, 100 - i * 10)).ToEquatableArray();
}
