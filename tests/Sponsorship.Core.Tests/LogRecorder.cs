using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sponsorship.Core.Tests;

/// <summary>One log entry as a test saw it.</summary>
public sealed record RecordedLog(LogLevel Level, string Category, string Message, Exception? Exception);

/// <summary>A logger provider that keeps every warning and error written through it, for tests that say what must not be logged.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> entries = new();

    public IReadOnlyList<RecordedLog> Entries => [.. entries];

    public IReadOnlyList<RecordedLog> Errors => [.. entries.Where(e => e.Level >= LogLevel.Error)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                recorder.entries.Enqueue(new RecordedLog(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
