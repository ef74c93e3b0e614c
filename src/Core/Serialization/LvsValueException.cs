namespace PiranhaNet.Core.Serialization;

/// <summary>A bad value in one statement; the reader turns it into an <see cref="LvsParseError"/> and goes on.</summary>
internal sealed class LvsValueException(int column, string message) : Exception(message)
{
    public int Column { get; } = column;
}
