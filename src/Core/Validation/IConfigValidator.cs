using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Validation;

/// <summary>Checks a whole configuration. Thread-safe; never throws for bad input.</summary>
public interface IConfigValidator
{
    /// <summary>Returns every problem found (empty when valid), in a stable order.</summary>
    IReadOnlyList<ValidationError> Validate(LvsConfig config);
}
