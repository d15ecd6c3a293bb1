using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Npgsql;

namespace SupportBot.Bench;

/// <summary>
/// The support flow (question → guide → "No" → form → filled form → receipt) against the published bot in its own
/// process(es), at each concurrency of <c>--conversations</c>, closed loop. Every instance is started fresh per
/// concurrency (new SQLite file or PostgreSQL database), so peak RSS is that run's. Loopback only, bounded in time.
/// </summary>
internal static class Benchmark
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }

        var appPath = options.AppPath is { } given ? Path.GetFullPath(given) : await PublishAsync();
        await using var channel = await ChannelStub.StartAsync();
        var storage = options.Storage == BenchStorage.Sqlite ? "SQLite" : "PostgreSQL";
        Console.WriteLine($"SupportBot benchmark: the 3-turn support flow over POST /api/messages, {storage}, {options.Instances} instance(s) of {appPath}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $".NET {Environment.Version}, {Environment.ProcessorCount} cores, bench process {(GCSettings.IsServerGC ? "server" : "workstation")} GC; warm-up {options.Warmup.TotalSeconds:F0} s, measured {options.Measured.TotalSeconds:F0} s per level"));

        var results = new List<LevelResult>();
        foreach (var conversations in options.Conversations)
        {
            var result = await RunLevelAsync(options, appPath, channel, conversations);
            results.Add(result);
            Console.WriteLine(result.Describe());
        }

        Console.WriteLine();
        Console.WriteLine("| conversations | turns/s | bot CPU ms/turn | p50 / p90 / p99 / max ms | turns > 250 ms | alloc KiB/turn | GC pauses (count, total, max ms) | peak RSS MiB | failed turns | load avg (1 min) |");
        Console.WriteLine("|---:|---:|---:|---|---:|---:|---|---:|---:|---|");
        foreach (var result in results) Console.WriteLine(result.Row());
        var failed = results.Sum(r => r.Failed);
        if (failed > 0) Console.Error.WriteLine($"FAILED: {failed} turns did not get what the flow expects (see above).");
        return failed == 0 ? 0 : 1;
    }

    private static async Task<LevelResult> RunLevelAsync(BenchOptions options, string appPath, ChannelStub channel, int conversations)
    {
        var database = await PrepareStorageAsync(options, channel);
        var bots = new List<BotProcess>();
        var clients = new List<HttpClient>();
        try
        {
            for (var i = 0; i < options.Instances; i++)
            {
                var bot = await BotProcess.StartAsync(appPath, database.Settings);
                bots.Add(bot);
                clients.Add(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = conversations, UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
                {
                    BaseAddress = bot.Address,
                    Timeout = TimeSpan.FromSeconds(30),
                });
            }

            var samples = new List<TurnSample>[conversations];
            using var stop = new CancellationTokenSource(options.Warmup + options.Measured + TimeSpan.FromSeconds(60)); // hard bound
            var flows = Enumerable.Range(0, conversations).Select(slot =>
            {
                var mine = samples[slot] = new List<TurnSample>(4096);
                return Task.Run(() => new SupportFlow(channel, clients, slot).RunAsync(mine.Add, stop.Token));
            }).ToArray();

            await Task.Delay(options.Warmup);
            var cpuBefore = bots.Select(b => b.CpuTime).ToArray();
            var trafficBefore = channel.Traffic;
            var windowStart = Stopwatch.GetTimestamp();
            var wallStart = DateTime.Now;
            var trace = options.TracePath is { } tracePath
                ? bots[0].TraceAsync(tracePath.Replace(".nettrace", $"-{conversations}.nettrace", StringComparison.Ordinal), options.Measured)
                : Task.CompletedTask;
            await Task.Delay(options.Measured);
            var windowEnd = Stopwatch.GetTimestamp();
            var wallEnd = DateTime.Now;
            var cpuAfter = bots.Select(b => b.CpuTime).ToArray();
            var trafficAfter = channel.Traffic;
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            await stop.CancelAsync();
            await Task.WhenAll(flows);
            await trace;
            // Let the last second's counters arrive before reading them.
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            var measured = samples.SelectMany(s => s).Where(s => s.EndedAt > windowStart && s.EndedAt <= windowEnd).ToList();
            var latencies = measured.Select(s => s.Milliseconds).Order().ToArray();
            var seconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
            var cpu = cpuAfter.Zip(cpuBefore, (after, before) => (after - before).TotalMilliseconds).Sum();
            var allocated = bots.Sum(b => b.AllocatedBytes(wallStart, wallEnd));
            var pauses = bots.SelectMany(b => b.Pauses(wallStart, wallEnd)).ToList();
            var errors = bots.SelectMany(b => b.Errors).ToList();
            foreach (var line in errors.DistinctBy(e => e.Length > 120 ? e[..120] : e).Take(5)) Console.WriteLine($"  bot log: {line}");
            return new LevelResult(conversations, measured.Count, seconds, cpu, latencies, measured.Count(s => s.Failed), measured.Count(s => s.ErrorReply),
                allocated, pauses, bots.Max(b => b.PeakRssBytes), load,
                trafficAfter.Calls - trafficBefore.Calls, trafficAfter.Bytes - trafficBefore.Bytes);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            foreach (var bot in bots) await bot.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    /// <summary>A fresh SQLite file or PostgreSQL database for one run, and the bot's settings for it.</summary>
    private static async Task<BenchDatabase> PrepareStorageAsync(BenchOptions options, ChannelStub channel)
    {
        var settings = new Dictionary<string, string>
        {
            ["Bot__MicrosoftAppId"] = "",
            ["Storage__Provider"] = options.Storage.ToString(),
            // Each filed request notifies the helpdesk's channel through the outbox, as in production.
            ["Support__Queues__PartnerHelpdesk__TeamId"] = "19:bench-helpdesk@thread.tacv2",
            ["Support__Queues__PartnerHelpdesk__ChannelId"] = "19:bench-helpdesk@thread.tacv2",
            ["Support__Queues__PartnerHelpdesk__ServiceUrl"] = channel.ServiceUrl,
            ["Support__Queues__PartnerHelpdesk__TenantId"] = Tests.TestKit.Activities.TeamsTenant,
        };
        if (options.Storage == BenchStorage.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"supportbot-bench-{Guid.NewGuid():N}.db");
            settings["Storage__SqlitePath"] = file;
            return new BenchDatabase(settings, () =>
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
                return Task.CompletedTask;
            });
        }
        var name = $"supportbot_bench_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(options.PostgresConnectionString!))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
            await create.ExecuteNonQueryAsync();
        settings["Storage__PostgresConnectionString"] = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString) { Database = name }.ConnectionString;
        return new BenchDatabase(settings, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(options.PostgresConnectionString!);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        });
    }

    /// <summary><c>dotnet publish -c Release</c> of the app into artifacts/bench-app: what ships is what is measured.</summary>
    private static async Task<string> PublishAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SupportBot.csproj")))
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("SupportBot.csproj not found above the bench; pass --app PATH/SupportBot.dll.");
        var output = Path.Combine(root, "artifacts", "bench-app");
        Console.WriteLine($"Publishing the bot (Release) to {output} …");
        var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Combine(root, "SupportBot.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet" }) publish.ArgumentList.Add(arg);
        using var process = Process.Start(publish)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed:\n{await log}\n{await errors}");
        return Path.Combine(output, "SupportBot.dll");
    }
}

internal sealed class BenchDatabase(Dictionary<string, string> settings, Func<Task> drop) : IAsyncDisposable
{
    public IReadOnlyDictionary<string, string> Settings { get; } = settings;
    public async ValueTask DisposeAsync() => await drop();
}

internal sealed record LevelResult(int Conversations, int Turns, double Seconds, double CpuMs, double[] SortedLatencies, int Failed, int ErrorReplies,
    double AllocatedBytes, IReadOnlyList<double> Pauses, long PeakRssBytes, string LoadAverage,
    long ChannelCalls, long ChannelBytes)
{
    private double Percentile(double rank) =>
        SortedLatencies.Length == 0 ? double.NaN : SortedLatencies[Math.Clamp((int)Math.Ceiling(rank * SortedLatencies.Length) - 1, 0, SortedLatencies.Length - 1)];

    private double CpuPerTurn => CpuMs / Math.Max(1, Turns);
    private double Max => SortedLatencies.LastOrDefault();
    private int Over250 => SortedLatencies.Count(l => l > 250);
    private string PauseSummary => string.Create(CultureInfo.InvariantCulture, $"{Pauses.Count}, {Pauses.Sum():F1}, {(Pauses.Count == 0 ? 0 : Pauses.Max()):F1}");

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Conversations,4} conversations: {Turns} turns in {Seconds:F1} s = {Turns / Seconds:F0} turns/s; bot CPU {CpuPerTurn:F3} ms/turn; " +
        $"latency p50 {Percentile(0.5):F1} p90 {Percentile(0.9):F1} p99 {Percentile(0.99):F1} max {Max:F1} ms ({Over250} over 250 ms); " +
        $"{AllocatedBytes / Math.Max(1, Turns) / 1024:F1} KiB allocated/turn; GC pauses {PauseSummary}; peak RSS {PeakRssBytes / 1048576.0:F1} MiB; " +
        $"{Failed} failed ({ErrorReplies} 'something went wrong'); load {LoadAverage}; " +
        $"to the channel {(double)ChannelCalls / Math.Max(1, Turns):F2} requests, {ChannelBytes / 1024.0 / Math.Max(1, Turns):F1} KiB per turn");

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Conversations} | {Turns / Seconds:F0} | {CpuPerTurn:F3} | {Percentile(0.5):F1} / {Percentile(0.9):F1} / {Percentile(0.99):F1} / {Max:F1} | {Over250} | " +
        $"{AllocatedBytes / Math.Max(1, Turns) / 1024:F1} | {PauseSummary} | {PeakRssBytes / 1048576.0:F1} | {Failed} | {LoadAverage} |");
}
