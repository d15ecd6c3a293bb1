using System.Diagnostics;

namespace SupportBot.Tests.TestKit;

/// <summary>
/// The bot as it ships, in a process of its own: <c>dotnet SupportBot.dll</c> listening on 127.0.0.1 (a free port,
/// read from its "Now listening on" line), with settings as environment variables. Killing it is a real kill -9.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const string ListeningLine = "Now listening on: ";
    private readonly List<string> _log = [];

    private AppProcess(Process process) => Process = process;

    public Process Process { get; }
    public Uri Address { get; private set; } = null!;

    /// <summary>Warnings, errors and stderr lines the bot wrote (at most 1000).</summary>
    public IReadOnlyList<string> Log
    {
        get { lock (_log) return [.. _log]; }
    }

    /// <summary>The SupportBot.dll next to the running tests (the test project references the app).</summary>
    public static string BesideTests => Path.Combine(AppContext.BaseDirectory, "SupportBot.dll");

    public static async Task<AppProcess> StartAsync(string appPath, IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appPath)!, // the content root (Content/, wwwroot/)
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appPath);
        // "urls" as well: appsettings.json sets it, and app settings win over ASPNETCORE_URLS.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["urls"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information"; // the listening line
        start.Environment["Logging__LogLevel__SupportBot.Bot.Auth"] = "Error"; // "inbound auth is off" is expected here
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not { } data) return;
            var at = data.IndexOf(ListeningLine, StringComparison.Ordinal);
            if (at >= 0) listening.TrySetResult(new Uri(data[(at + ListeningLine.Length)..].Trim()));
            else if (data.StartsWith("warn:", StringComparison.Ordinal) || data.StartsWith("fail:", StringComparison.Ordinal) || data.StartsWith("crit:", StringComparison.Ordinal)) app.Keep(data);
        };
        app.Process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } data) app.Keep(data);
        };
        app.Process.BeginOutputReadLine();
        app.Process.BeginErrorReadLine();

        var first = await Task.WhenAny(listening.Task, app.Process.WaitForExitAsync(), Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The bot did not start listening:\n{string.Join("\n", app.Log)}");
        }
        app.Address = await listening.Task;
        return app;
    }

    private void Keep(string line)
    {
        lock (_log) if (_log.Count < 1000) _log.Add(line);
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing the app could do about it.</summary>
    public async Task KillHardAsync()
    {
        Process.Kill(entireProcessTree: false);
        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        finally
        {
            Process.Dispose();
        }
    }
}
