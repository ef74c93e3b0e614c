using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Validation;

/// <summary>One concern of validation. Rules add every problem they see and never stop at the first.</summary>
public interface IConfigRule
{
    /// <summary>Adds this rule's problems with <paramref name="config"/> to <paramref name="errors"/>.</summary>
    void Check(LvsConfig config, ICollection<ValidationError> errors);
}
