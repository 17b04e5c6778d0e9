using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sponsorship.Testing;

/// <summary>
/// The app's last warnings and errors, kept in memory so that a failing test can say what the server said: a browser
/// journey only sees a page that never changes when a circuit's handler throws.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private const int Kept = 50;
    private readonly ConcurrentQueue<string> entries = new();

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    /// <summary>The kept entries, oldest first, one a line.</summary>
    public string Recent() => entries.IsEmpty ? "(nothing logged at warning or above)" : string.Join(Environment.NewLine, entries);

    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        entries.Enqueue(entry);
        while (entries.Count > Kept)
        {
            entries.TryDequeue(out _);
        }
    }

    private sealed class Writer(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
        }
    }
}
