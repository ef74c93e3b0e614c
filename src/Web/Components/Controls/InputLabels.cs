namespace PiranhaNet.Web.Components.Controls;

/// <summary>
/// Ties Radzen inputs to their visible labels. Radzen puts a component's id on its wrapper and its input alike
/// and names numeric inputs after their Name, so a plain &lt;label for&gt; does not reach the focusable element.
/// These attributes give that element the id and point it at the label (ConfigField's label id is "{id}-label").
/// </summary>
public static class InputLabels
{
    /// <summary>The id of the label of input <paramref name="id"/>.</summary>
    public static string LabelId(string id) => $"{id}-label";

    /// <summary>InputAttributes for a numeric, switch or check box whose label is <see cref="LabelId"/>.</summary>
    public static Dictionary<string, object> Input(string id) => new() { ["id"] = id, ["aria-labelledby"] = LabelId(id) };
}
