using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>A real server's notify command, when given, names a program to run. Collects every error.</summary>
internal sealed class NotifyCommandRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        foreach (var vs in config.VirtualServers)
        {
            foreach (var rs in vs.RealServers)
            {
                Blank(rs.NotifyUp, Field(RealServer(vs.Name, rs.Name), "notifyUp"), errors);
                Blank(rs.NotifyDown, Field(RealServer(vs.Name, rs.Name), "notifyDown"), errors);
            }
        }
    }

    private static void Blank(string? command, string path, ICollection<ValidationError> errors)
    {
        if (command is not null && string.IsNullOrWhiteSpace(command))
        {
            errors.Add(path, command, "a notify command names the program to run; leave it out for none");
        }
    }
}
