using System.Diagnostics;
using System.Text.Json;

namespace SupportBot.Tests.Telemetry;

/// <summary>The app as its own process with <c>Logging:Console:FormatterName=json</c>: every console line is one JSON object.</summary>
public sealed class JsonConsoleLogTests
{
    [Fact]
    public async Task With_the_json_formatter_each_console_line_is_a_json_log_entry()
    {
        var directory = AppContext.BaseDirectory; // SupportBot.dll, its runtimeconfig and Content/ are copied here
        var database = Path.Combine(Path.GetTempPath(), $"json-logs-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(directory, "SupportBot.dll"), "--urls", "http://127.0.0.1:0",
            "--Logging:Console:FormatterName=json", "--Logging:Console:FormatterOptions:IncludeScopes=true",
            $"--Storage:SqlitePath={database}",
        }) start.ArgumentList.Add(argument);
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        start.Environment.Remove("APPLICATIONINSIGHTS_CONNECTION_STRING");

        using var app = Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await app.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.Contains("Now listening on", StringComparison.Ordinal)) break;
            }
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            File.Delete(database);
        }

        Assert.NotEmpty(lines);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList(); // throws on a non-JSON line
        var listening = Assert.Single(entries, entry => entry.GetProperty("Message").GetString()!.StartsWith("Now listening on", StringComparison.Ordinal));
        Assert.Equal("Microsoft.Hosting.Lifetime", listening.GetProperty("Category").GetString());
        Assert.Equal("Information", listening.GetProperty("LogLevel").GetString());
        Assert.True(listening.TryGetProperty("EventId", out _));
        Assert.Contains("http://127.0.0.1:", listening.GetProperty("State").GetProperty("address").GetString());
    }
}
