using System.Text.RegularExpressions;
using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// Values that lvs.cf holds as one bare word are one word: device names (Linux interface names of at
/// most 15 characters, optionally with a :n alias), paths and the debug level. Collects every error.
/// </summary>
internal sealed partial class WordRule : IConfigRule
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,15}(:[A-Za-z0-9_]{1,15})?$")]
    private static partial Regex DeviceName();

    [GeneratedRegex("^[^\\s\"'#{}=]+$")]
    private static partial Regex Word();

    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var g = config.Global;
        Device(g.NatRouterDevice, Field(Global, "natRouterDevice"), errors);
        Device(g.SyncDaemon.Interface, Field(Field(Global, "syncDaemon"), "interface"), errors);
        OneWord(g.DebugLevel, Field(Global, "debugLevel"), errors);
        OneWord(g.IpvsadmPath, Field(Global, "ipvsadmPath"), errors);
        OneWord(g.PrimaryShared, Field(Global, "primaryShared"), errors);
        OneWord(config.Redundancy.BackupShared, Field(ConfigPaths.Redundancy, "backupShared"), errors);
        foreach (var vs in config.VirtualServers)
        {
            Device(vs.Device, FieldPath.OfVirtualServer(vs.Name, "device"), errors);
            OneWord(vs.ClientMonitor, FieldPath.OfVirtualServer(vs.Name, "clientMonitor"), errors);
        }
        foreach (var fos in config.FailoverServices)
        {
            Device(fos.Device, Field(FailoverService(fos.Name), "device"), errors);
        }
    }

    private static void Device(string? name, FieldPath path, ICollection<ValidationError> errors)
    {
        if (name is not null && (!DeviceName().IsMatch(name) || name.Split(':')[0] is "." or ".."))
        {
            errors.Add(path, name, $"'{name}' is not a network device name (at most 15 letters, digits, _ . -, optionally :n, e.g. eth0:1)");
        }
    }

    private static void OneWord(string? value, FieldPath path, ICollection<ValidationError> errors)
    {
        if (value is not null && !Word().IsMatch(value))
        {
            errors.Add(path, value, $"'{value}' must be one word without spaces, quotes, '#', '=' or braces");
        }
    }
}
