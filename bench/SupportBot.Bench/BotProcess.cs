using System.Diagnostics;
using System.Diagnostics.Tracing;
using SupportBot.Tests.TestKit;
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
    private readonly AppProcess _app;
    private readonly List<(DateTime At, double Bytes)> _allocations = [];
    private readonly List<(DateTime At, double Milliseconds)> _pauses = [];
    private EventPipeSession? _session;
    private Task? _reading;
    private DateTime _suspendedAt;

    private BotProcess(AppProcess app) => _app = app;

    private Process Process => _app.Process;
    public Uri Address => _app.Address;
    public int Id => Process.Id;

    /// <summary>Warnings and errors the bot logged, for the report.</summary>
    public IReadOnlyList<string> Errors => _app.Log;

    public static async Task<BotProcess> StartAsync(string appPath, IReadOnlyDictionary<string, string> settings)
    {
        var bot = new BotProcess(await AppProcess.StartAsync(appPath, settings));
        bot.StartRuntimeEvents();
        return bot;
    }

    public TimeSpan CpuTime
    {
        get
        {
            Process.Refresh();
            return Process.TotalProcessorTime;
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
        var client = new DiagnosticsClient(Process.Id);
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
        var client = new DiagnosticsClient(Process.Id);
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
            catch (Exception) when (Process.HasExited) { }
        });
    }

    private long ReadStatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Process.Id}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_session is not null) await _session.StopAsync(CancellationToken.None);
        }
        catch (Exception) { /* the process is going anyway */ }
        await _app.DisposeAsync();
        if (_reading is not null) await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(5)));
        _session?.Dispose();
    }
}
