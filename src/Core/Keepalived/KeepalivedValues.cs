using System.Globalization;
using PiranhaNet.Core.Importing;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// keepalived's value syntax (keepalived.conf(5), PARAMETER SYNTAX): integers, timers in seconds with fractions,
/// booleans (on|off|true|false|yes|no, or the bare keyword for "on"). Each reader records an error naming the
/// keyword and the value, and gives null, when the value is not of its kind.
/// </summary>
internal static class KeepalivedValues
{
    /// <summary>The one argument of <paramref name="statement"/>, or an error when there is not exactly one.</summary>
    public static KeepalivedWord? Single(KeepalivedStatement statement, ImportDiagnostics diagnostics)
    {
        if (statement.Arguments.Count == 1)
        {
            return statement.Arguments[0];
        }
        diagnostics.Error(statement.Location, $"{statement.Name} takes one value, got {statement.Arguments.Count}");
        return null;
    }

    /// <summary>A command line: keepalived takes its words quoted as one, or unquoted as several.</summary>
    public static string? Command(KeepalivedStatement statement, ImportDiagnostics diagnostics)
    {
        if (statement.Arguments.Count > 0)
        {
            return string.Join(' ', statement.Arguments.Select(a => a.Text));
        }
        diagnostics.Error(statement.Location, $"{statement.Name} takes a command");
        return null;
    }

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static int? Integer(KeepalivedStatement statement, ImportDiagnostics diagnostics, int min = 0, int max = int.MaxValue)
    {
        if (Single(statement, diagnostics) is not { } word)
        {
            return null;
        }
        if (int.TryParse(word.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        diagnostics.Error(word.Location, $"{statement.Name} '{word.Text}' is not a whole number from {min} to {max}");
        return null;
    }

    /// <summary>A timer in seconds (fractions allowed), from 0 to a day.</summary>
    public static double? Seconds(KeepalivedStatement statement, ImportDiagnostics diagnostics)
    {
        if (Single(statement, diagnostics) is not { } word)
        {
            return null;
        }
        if (double.TryParse(word.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value is >= 0 and <= 86_400)
        {
            return value;
        }
        diagnostics.Error(word.Location, $"{statement.Name} '{word.Text}' is not a time in seconds (e.g. 3 or 1.5)");
        return null;
    }

    /// <summary>A boolean; the bare keyword means on.</summary>
    public static bool? Boolean(KeepalivedStatement statement, ImportDiagnostics diagnostics)
    {
        if (statement.Arguments.Count == 0)
        {
            return true;
        }
        if (Single(statement, diagnostics) is not { } word)
        {
            return null;
        }
        switch (word.Text.ToLowerInvariant())
        {
            case "on" or "true" or "yes":
                return true;
            case "off" or "false" or "no":
                return false;
            default:
                diagnostics.Error(word.Location, $"{statement.Name} '{word.Text}' is not one of on, off, true, false, yes, no");
                return null;
        }
    }

    /// <summary>Whole seconds for a model field that holds whole seconds: fractions round up, so a check is never shorter.</summary>
    public static int WholeSeconds(double seconds) => (int)Math.Ceiling(seconds);
}
