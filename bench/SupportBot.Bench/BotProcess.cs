using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace SupportBot.Bench;

/// <summary>
/// The bot as users get it: <c>dotnet SupportBot.dll</c> from a Release publish, in its own process, listening on
/// 127.0.0.1 (a free port it reports on stdout). The bench reads its CPU time (<see cref="Process.TotalProcessorTime"/>,
/// i.e. /proc/&lt;pid&gt;/stat utime+stime), its peak RSS (VmHWM in /proc/&lt;pid&gt;/status), and its runtime's own
/// numbers over EventPipe: bytes allocated (the System.Runtime <c>alloc-rate</c> counter, every second) and each GC's
/// pause (GC SuspendEE start to RestartEE end), so none of the bench's own work is counted.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<(DateTime At, double Bytes)> _allocations = [];
    private readonly List<(DateTime At, double Milliseconds)> _pauses = [];
    private readonly List<string> _errors = [];
    private EventPipeSession? _session;
    private Task? _reading;
    private DateTime _suspendedAt;

    private BotProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }
    public int Id => _process.Id;

    /// <summary>Error lines the bot logged (Warning level and up), for the report.</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) return [.. _errors]; }
    }

    public static async Task<BotProcess> StartAsync(string appPath, IReadOnlyDictionary<string, string> settings, string name)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appPath)!, // the content root (Content/, wwwroot/)
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appPath);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information"; // "Now listening on: …"
        start.Environment["Logging__LogLevel__SupportBot.Bot.Auth"] = "Error"; // "inbound auth is off" is expected here
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            var at = line.Data.IndexOf("Now listening on: ", StringComparison.Ordinal);
            if (at >= 0) listening.TrySetResult(new Uri(line.Data[(at + "Now listening on: ".Length)..].Trim()));
            else if (line.Data.StartsWith("warn:", StringComparison.Ordinal) || line.Data.StartsWith("fail:", StringComparison.Ordinal) || line.Data.StartsWith("crit:", StringComparison.Ordinal))
                lock (errors) errors.Add(line.Data);
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null) lock (errors) errors.Add(line.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The bot ({name}) did not start listening: {string.Join("\n", errors)}");
        }
        var bot = new BotProcess(process, await listening.Task);
        bot.StartRuntimeEvents();
        // The bot's log lines go on arriving; keep them with the instance.
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } data && (data.StartsWith("warn:", StringComparison.Ordinal) || data.StartsWith("fail:", StringComparison.Ordinal)))
                lock (bot._errors) if (bot._errors.Count < 1000) bot._errors.Add(data);
        };
        lock (errors) bot._errors.AddRange(errors);
        return bot;
    }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Peak resident set size since the process started (VmHWM).</summary>
    public long PeakRssBytes => ReadStatusKiB("VmHWM:") * 1024;

    public long RssBytes => ReadStatusKiB("VmRSS:") * 1024;

    public double AllocatedBytes(DateTime from, DateTime to)
    {
        lock (_allocations) return _allocations.Where(a => a.At > from && a.At <= to).Sum(a => a.Bytes);
    }

    public IReadOnlyList<double> Pauses(DateTime from, DateTime to)
    {
        lock (_pauses) return _pauses.Where(p => p.At > from && p.At <= to).Select(p => p.Milliseconds).ToList();
    }

    /// <summary>Writes a CPU sampling trace of the bot (nettrace) for <paramref name="duration"/>; read it with dotnet-trace report.</summary>
    public async Task TraceAsync(string path, TimeSpan duration)
    {
        var client = new DiagnosticsClient(_process.Id);
        using var session = client.StartEventPipeSession(
        [
            new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            // GC at Verbose adds AllocationTick (a sample per ~100 KB allocated, with its stack): where the bytes go.
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose,
                (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Jit | ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.Exception)),
        ], requestRundown: true);
        await using var file = File.Create(path);
        var copy = session.EventStream.CopyToAsync(file);
        await Task.Delay(duration);
        await session.StopAsync(CancellationToken.None);
        await copy;
    }

    private void StartRuntimeEvents()
    {
        var client = new DiagnosticsClient(_process.Id);
        _session = client.StartEventPipeSession(
        [
            new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC),
        ], requestRundown: false);
        var source = new EventPipeEventSource(_session.EventStream);
        // Only suspensions for a GC: the sample profiler (--trace) suspends the runtime too.
        source.Clr.GCSuspendEEStart += (GCSuspendEETraceData e) =>
        {
            if (e.Reason is GCSuspendEEReason.SuspendForGC or GCSuspendEEReason.SuspendForGCPrep) _suspendedAt = e.TimeStamp;
        };
        source.Clr.GCRestartEEStop += (GCNoUserDataTraceData e) =>
        {
            if (_suspendedAt == default) return;
            lock (_pauses) _pauses.Add((e.TimeStamp, (e.TimeStamp - _suspendedAt).TotalMilliseconds));
            _suspendedAt = default;
        };
        source.Dynamic.All += e =>
        {
            if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
                || outer["Payload"] is not IDictionary<string, object> counter || counter["Name"] as string != "alloc-rate") return;
            var bytes = Convert.ToDouble(counter["Increment"], CultureInfo.InvariantCulture);
            lock (_allocations) _allocations.Add((e.TimeStamp, bytes));
        };
        _reading = Task.Run(() =>
        {
            try { source.Process(); }
            catch (Exception) when (_process.HasExited) { }
        });
    }

    private long ReadStatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>Kills the bot the hard way (kill -9): nothing gets to flush or shut down.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_session is not null) await _session.StopAsync(CancellationToken.None);
        }
        catch (Exception) { /* the process is going anyway */ }
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        if (_reading is not null) await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(5)));
        _session?.Dispose();
        _process.Dispose();
    }
}
