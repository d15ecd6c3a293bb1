using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Bench;

/// <summary>
/// Drives the members-added greeting turn through POST /api/messages: the real app (Program.cs wiring, SQLite) on
/// Kestrel 127.0.0.1:0, replies going to the test kit's FakeConnector on 127.0.0.1:0. Bounded by --turns and --seconds.
/// </summary>
internal static class Benchmark
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the working
        // directory; `dotnet run` keeps the caller's directory, so move to the output folder that holds it.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        await using var connector = await FakeConnector.StartAsync();
        await using var bot = new BotAppFactory(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:SupportBot.Bot.Auth"] = "Error", // "inbound auth is off" is expected here
            ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Error", // "overriding address http://localhost:3978" likewise
        });
        bot.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        bot.StartServer();
        var botAddress = new Uri(bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseProxy = false })
        {
            BaseAddress = botAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        Console.WriteLine($"SupportBot benchmark: members-added greeting turn, POST {botAddress}api/messages, {options.Clients} concurrent clients");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}");

        await RunAsync(options.WarmupTurns, TimeSpan.FromSeconds(30), "warm-up");
        connector.Clear();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = await RunAsync(options.Turns, options.MaxDuration, "measured");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var greetings = connector.Messages.Count;
        var latencies = result.Latencies.Order().ToArray();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"turns          {result.Completed} in {result.Elapsed.TotalSeconds:F2} s ({result.Failed} failed, {greetings} greetings at the connector)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput     {result.Completed / result.Elapsed.TotalSeconds:F1} turns/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency        p50 {Percentile(latencies, 0.50):F2} ms, p95 {Percentile(latencies, 0.95):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies.LastOrDefault():F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory    {self.PeakWorkingSet64 / 1024.0 / 1024.0:F1} MiB working set (whole process: bot, fake connector and clients)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocations    {allocated / (double)Math.Max(1, result.Completed) / 1024.0:F1} KiB per turn (whole process); GCs gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}"));

        File.Delete(bot.DatabasePath);
        var ok = result.Failed == 0 && greetings >= result.Completed;
        if (!ok) Console.Error.WriteLine("FAILED: some turns did not return 200 or did not send their greeting.");
        return ok ? 0 : 1;

        // One greeting turn per request, each in a fresh Teams personal conversation, from a few concurrent clients.
        async Task<RunResult> RunAsync(int turns, TimeSpan maxDuration, string phase)
        {
            var next = -1;
            var failed = 0;
            using var stop = new CancellationTokenSource(maxDuration);
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
            {
                var latencies = new List<double>();
                int turn;
                while (!stop.IsCancellationRequested && (turn = Interlocked.Increment(ref next)) < turns)
                {
                    var message = Activities.TeamsPersonalMessage("", connector.ServiceUrl, userId: $"29:bench-{phase}-{turn}");
                    var update = Activities.MembersAdded(message, message.Recipient!.Id!, message.From!.Id!);
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.PostAsJsonAsync("api/messages", update, ProtocolJson.Options, stop.Token);
                        if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failed);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        break; // out of time: this turn is not counted
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                return latencies;
            })).ToArray();
            var all = (await Task.WhenAll(workers)).SelectMany(l => l).ToArray();
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase}: {all.Length} turns in {clock.Elapsed.TotalSeconds:F2} s{(stop.IsCancellationRequested ? " (time limit reached)" : "")}"));
            return new RunResult(all.Length, failed, clock.Elapsed, all);
        }

        static double Percentile(double[] sorted, double rank) =>
            sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(rank * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

internal sealed record RunResult(int Completed, int Failed, TimeSpan Elapsed, double[] Latencies);
