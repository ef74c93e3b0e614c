using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Tests.Shared;

/// <summary>A valid three-director cluster with two failover groups, as lvs.cf text and as the model it reads to.</summary>
public static class ClusterConfigs
{
    /// <summary>lvs1 (primary) and lvs2 (backup) with lvs3; group a prefers lvs1, group b prefers lvs2 and does not fail back.</summary>
    public const string Text = """
        serial_no = 7
        primary = 192.0.2.1
        service = lvs
        rsh_command = rsh
        backup_active = 1
        backup = 192.0.2.2
        heartbeat = 1
        heartbeat_port = 539
        keepalive = 0.5
        deadtime = 2
        network = direct
        debug_level = NONE
        monitor_links = 0
        syncdaemon = 0
        # piranhanet: primary_name = lvs1
        # piranhanet: backup_name = lvs2
        # piranhanet: quorum = on
        # piranhanet: warntime = 1
        # piranhanet: initdead = 10
        # piranhanet: multicast = 239.255.88.1
        # piranhanet: director lvs3 {
        # piranhanet:      address = 192.0.2.3
        # piranhanet:      private = 10.0.0.3
        # piranhanet: }
        # piranhanet: group a {
        # piranhanet:      members = lvs1:100,lvs2:50,lvs3:10
        # piranhanet:      failback = 1
        # piranhanet: }
        # piranhanet: group b {
        # piranhanet:      members = lvs2:100,lvs3:50,lvs1:10
        # piranhanet:      failback = 0
        # piranhanet: }
        virtual web {
             active = 1
             address = 192.0.2.10 eth0:1
             port = 80
             send = "GET / HTTP/1.0\r\n\r\n"
             expect = "HTTP"
             use_regex = 0
             load_monitor = none
             scheduler = wlc
             protocol = tcp
             timeout = 10
             reentry = 180
             quiesce_server = 0
             # piranhanet: group = a
        }
        virtual api {
             active = 1
             address = 192.0.2.11 eth0:2
             port = 80
             send = "GET / HTTP/1.0\r\n\r\n"
             expect = "HTTP"
             use_regex = 0
             load_monitor = none
             scheduler = wlc
             protocol = tcp
             timeout = 10
             reentry = 180
             quiesce_server = 0
             # piranhanet: group = b
        }

        """;
}
