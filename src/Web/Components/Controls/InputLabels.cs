namespace PiranhaNet.Web.Components.Controls;

/// <summary>
/// Ties MudBlazor's switches and check boxes to their visible labels: they take no input id of their own, so these
/// attributes give the focusable checkbox the id a <c>&lt;label for&gt;</c> names and point it at the label
/// (ConfigField's label id is "{id}-label").
/// </summary>
public static class InputLabels
{
    /// <summary>The id of the label of input <paramref name="id"/>.</summary>
    public static string LabelId(string id) => $"{id}-label";

    /// <summary>UserAttributes for a switch or check box whose label is <see cref="LabelId"/>.</summary>
    public static Dictionary<string, object?> Input(string id) => new() { ["id"] = id, ["aria-labelledby"] = LabelId(id) };
}
