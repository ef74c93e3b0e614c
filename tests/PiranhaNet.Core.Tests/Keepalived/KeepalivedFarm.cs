using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Keepalived;

namespace PiranhaNet.Core.Tests.Keepalived;

/// <summary>
/// A one-server DR farm with a line of the test's own at a known place: <c>vs</c> on line 4 (column 5), <c>rs</c> on
/// line 6 (column 9), <c>check</c> on line 8 (column 13) inside the checker block that opens line 7.
/// </summary>
internal static class KeepalivedFarm
{
    public static string Text(string vs = "", string rs = "", string check = "", string checker = "TCP_CHECK") => $$"""
        virtual_server 192.0.2.10 80 {
            lb_kind DR
            protocol TCP
            {{vs}}
            real_server 192.0.2.21 80 {
                {{rs}}
                {{checker}} {
                    {{check}}
                }
            }
        }

        """;

    public static ImportReadResult Read(string vs = "", string rs = "", string check = "", string checker = "TCP_CHECK", bool allowUnsupported = true) =>
        KeepalivedConfigReader.Read(Text(vs, rs, check, checker), "k.conf", allowUnsupported: allowUnsupported);
}
