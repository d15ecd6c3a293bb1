using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.TestKit;

/// <summary>One log line as the app wrote it: level, category, the formatted message and any exception.</summary>
public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $"\n{Exception}")}";
}

/// <summary>A logger provider that keeps every line the app logs, for tests that assert on logs (errors, forged entries).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => _lines.ToList();

    public IReadOnlyList<LogLine> AtLeast(LogLevel level) => _lines.Where(line => line.Level >= level).ToList();

    public void Clear() => _lines.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner._lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), exception));
        }
    }
}
