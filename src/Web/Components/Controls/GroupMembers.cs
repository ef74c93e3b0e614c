using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Components.Controls;

/// <summary>
/// A failover group's members as the form shows them, <c>lvs1:100,lvs2:50</c> (as lvs.cf writes them). An entry
/// without a number priority keeps priority 0, which validation names as out of range beside the field.
/// </summary>
public static class GroupMembers
{
    /// <summary>The members as text.</summary>
    public static string Text(IEnumerable<GroupMemberConfig> members) => string.Join(",", members.Select(m => $"{m.Director}:{m.Priority}"));

    /// <summary>The members in <paramref name="text"/>, in order.</summary>
    public static EquatableArray<GroupMemberConfig> Parse(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var parts = entry.Split(':', 2, StringSplitOptions.TrimEntries);
            return new GroupMemberConfig(parts[0], parts.Length == 2 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var priority) ? priority : 0);
        }).ToEquatableArray();
}
