namespace PiranhaNet.Core.Validation;

/// <summary>A configuration was refused because it is invalid; carries every problem. Nothing was saved or applied.</summary>
public sealed class ConfigValidationException(IReadOnlyList<ValidationError> errors)
    : Exception($"the configuration is invalid: {string.Join("; ", errors.Take(3))}{(errors.Count > 3 ? $"; and {errors.Count - 3} more" : "")}")
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
