#:package Microsoft.Diagnostics.Tracing.TraceEvent@3.1.21
// Top costs in a bench trace (bench --trace FILE.nettrace): CPU samples of threads that were running (waits, epoll and
// the thread pool's idle semaphore left out), exclusive and inclusive by frame, and where the allocated bytes went
// (GC AllocationTick samples, by type and by frame). Run: dotnet run --file bench/trace-report/TraceReport.cs -- FILE [TYPE]
// TYPE (e.g. System.Byte[]) also prints the stacks that allocate most of that type.
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

if (args.Length == 0)
{
    Console.Error.WriteLine("Usage: dotnet run --file bench/trace-report/TraceReport.cs -- FILE.nettrace [TYPE]");
    return 2;
}
using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
string[] waits = ["EventLoop", "WaitNative", "WaitOneNoCheck", "Monitor.Wait", "Interop+Sys.Read", "PollGC", "Thread.Sleep", "WaitForSocketEvents"];
var inclusive = new Dictionary<string, int>();
var exclusive = new Dictionary<string, int>();
var allocTypes = new Dictionary<string, double>();
var allocFrames = new Dictionary<string, double>();
var typeStacks = new Dictionary<string, double>();
int running = 0, total = 0;
double allocated = 0;

static bool Ours(string frame) =>
    frame.StartsWith("SupportBot.", StringComparison.Ordinal) || frame.Contains("Sqlite") || frame.Contains("SQLite") || frame.Contains("Npgsql")
    || frame.Contains("Kestrel") || frame.Contains("System.Net.Http") || frame.Contains("System.Text.Json");

foreach (var e in log.Events)
{
    var stack = e.CallStack();
    if (e.EventName == "GC/AllocationTick")
    {
        var amount = Convert.ToDouble(e.PayloadByName("AllocationAmount64") ?? e.PayloadByName("AllocationAmount"));
        var type = e.PayloadByName("TypeName") as string ?? "?";
        allocTypes[type] = allocTypes.GetValueOrDefault(type) + amount;
        allocated += amount;
        var frames = new List<string>();
        for (var s = stack; s != null; s = s.Caller) frames.Add(s.CodeAddress.FullMethodName ?? "");
        foreach (var frame in frames.Where(Ours).Distinct()) allocFrames[frame] = allocFrames.GetValueOrDefault(frame) + amount;
        if (args.Length > 1 && type == args[1])
        {
            var chain = string.Join(" <- ", frames.Where(f => f.Length > 0 && !f.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal)
                && !f.StartsWith("System.Threading.ExecutionContext", StringComparison.Ordinal)).Take(8).Select(f => f.Length > 90 ? f[..90] : f));
            typeStacks[chain] = typeStacks.GetValueOrDefault(chain) + amount;
        }
        continue;
    }
    if (e.ProviderName != "Microsoft-DotNETCore-SampleProfiler" || stack is null) continue;
    total++;
    var names = new List<string>();
    for (var s = stack; s != null; s = s.Caller) names.Add(s.CodeAddress.FullMethodName ?? "");
    var named = names.FirstOrDefault(f => f.Length > 0) ?? "";
    if (waits.Any(named.Contains)) continue;
    running++;
    var leaf = names[0].Length > 0 ? names[0] : "native <- " + named;
    exclusive[leaf] = exclusive.GetValueOrDefault(leaf) + 1;
    foreach (var frame in names.Where(Ours).Distinct()) inclusive[frame] = inclusive.GetValueOrDefault(frame) + 1;
}

Console.WriteLine($"CPU samples: {total}, of running threads: {running}");
Console.WriteLine("== exclusive (running threads)");
foreach (var (frame, count) in exclusive.OrderByDescending(p => p.Value).Take(25)) Console.WriteLine($"{100.0 * count / Math.Max(1, running),6:F1}% {frame}");
Console.WriteLine("== inclusive, app / SQLite / Npgsql / HTTP / JSON frames (running threads)");
foreach (var (frame, count) in inclusive.OrderByDescending(p => p.Value).Take(50)) Console.WriteLine($"{100.0 * count / Math.Max(1, running),6:F1}% {frame}");
Console.WriteLine($"== allocations sampled: {allocated / 1048576:F1} MiB, by type");
foreach (var (type, bytes) in allocTypes.OrderByDescending(p => p.Value).Take(20)) Console.WriteLine($"{100 * bytes / Math.Max(1, allocated),6:F1}% {type}");
Console.WriteLine("== allocations by frame (inclusive)");
foreach (var (frame, bytes) in allocFrames.OrderByDescending(p => p.Value).Take(50)) Console.WriteLine($"{100 * bytes / Math.Max(1, allocated),6:F1}% {frame}");
foreach (var (chain, bytes) in typeStacks.OrderByDescending(p => p.Value).Take(6)) Console.WriteLine($"{100 * bytes / Math.Max(1, allocated),6:F1}% {chain}\n");
return 0;
