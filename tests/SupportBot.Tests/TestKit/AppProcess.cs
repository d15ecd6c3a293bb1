using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SupportBot.Tests.TestKit;

/// <summary>
/// The bot as it ships, in a process of its own (<c>dotnet SupportBot.dll</c>, the folder as content root), with
/// settings as environment variables; stopped (and its tree killed) on dispose. <see cref="KillHardAsync"/> is a real kill -9.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    /// <summary>Settings that say where to listen or which environment to run in; a test sets them itself.</summary>
    private static readonly string[] InheritedHostSettings = ["ASPNETCORE_", "DOTNET_URLS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS", "DOTNET_ENVIRONMENT", "Kestrel__"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process) => _process = process;

    public static AppProcess Start(string directory, IDictionary<string, string> environment, string[] args, string dll = "SupportBot.dll")
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in args) start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => InheritedHostSettings.Any(prefix => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))).ToList())
            start.Environment.Remove(key);
        // Plain console lines (no colour codes) so the test can read "Now listening on: …".
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var app = new AppProcess(Process.Start(start)!);
        app._process.OutputDataReceived += (_, line) => app.Take(line.Data);
        app._process.ErrorDataReceived += (_, line) => app.Take(line.Data);
        app._process.EnableRaisingEvents = true;
        app._process.Exited += (_, _) => app._started.TrySetException(new InvalidOperationException($"The app exited ({app._process.ExitCode}):\n{app.Output}"));
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The OS process, for its CPU time and id (the benchmark reads them).</summary>
    public Process Process => _process;

    /// <summary>The lines the app logged as warnings, errors or critical (simple console format: "warn:", "fail:", "crit:").</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_output)
                return _output.ToString().Split('\n').Where(line => line.StartsWith("warn:", StringComparison.Ordinal)
                    || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)).ToList();
        }
    }

    /// <summary>Where <see cref="StartAsync"/> found it listening.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The SupportBot.dll next to the running tests (the test project references the app).</summary>
    public static string BesideTests => Path.Combine(AppContext.BaseDirectory, "SupportBot.dll");

    /// <summary>Starts <paramref name="appPath"/> on 127.0.0.1 (a free port) in Production, logging warnings and the
    /// host's lines, and returns once it listens.</summary>
    public static async Task<AppProcess> StartAsync(string appPath, IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information", // the listening and started lines
            ["Logging__LogLevel__SupportBot.Bot.Auth"] = "Error", // "inbound auth is off" is expected here
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (key, value) in settings) environment[key] = value;
        var app = Start(Path.GetDirectoryName(appPath)!, environment, [], Path.GetFileName(appPath));
        try
        {
            app.Address = new Uri((await app.WaitUntilStartedAsync(timeout)).First());
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing the app could do about it.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for "Application started"; returns the addresses Kestrel said it listens on.</summary>
    public async Task<IReadOnlyList<string>> WaitUntilStartedAsync(TimeSpan? timeout = null)
    {
        await _started.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return ListeningLine().Matches(Output).Select(match => match.Groups[1].Value.Trim()).ToList();
    }

    /// <summary>Waits for the process to end by itself (e.g. it could not bind); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    private void Take(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains("Application started.", StringComparison.Ordinal)) _started.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (\S+)")]
    private static partial Regex ListeningLine();
}
