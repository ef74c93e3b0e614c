namespace PiranhaNet.Web.Components.Feedback;

/// <summary>
/// A question put to the operator before something that cannot be taken back: <paramref name="Title"/> heads it,
/// <paramref name="Question"/> says what will happen, and the two buttons say what they do ("Delete", "Keep them").
/// </summary>
public sealed record Confirmation(string Title, string Question, string ConfirmText, string CancelText = "Cancel");

/// <summary>Asks the operator to confirm; pages use this and never a component library's dialog service.</summary>
public interface IConfirmations
{
    /// <summary>True when the operator confirmed; false when they cancelled or closed the question.</summary>
    Task<bool> AskAsync(Confirmation confirmation);
}
