using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PiranhaNet.Web.Testing;

/// <summary>A logger provider that keeps every formatted message in memory.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    /// <summary>Every message so far, as "Category: message".</summary>
    public IReadOnlyList<string> Messages => [.. _messages];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _messages);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
