namespace PiranhaNet.Core.Validation;

/// <summary>Shorthands that keep the rules short.</summary>
internal static class ErrorCollectionExtensions
{
    public static void Add(this ICollection<ValidationError> errors, FieldPath path, object? value, string message) =>
        errors.Add(new ValidationError(path.ToString(), value switch
        {
            null => null,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        }, message));

    public static void CheckRange(this ICollection<ValidationError> errors, FieldPath path, long value, long min, long max, string what)
    {
        if (value < min || value > max)
        {
            errors.Add(path, value, $"{what} {value} is out of range {min}..{max}");
        }
    }
}
