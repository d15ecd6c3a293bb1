using System.Diagnostics;
using System.Globalization;
using SupportBot.Localization;
using SupportBot.Recognition.Unrecognized;
using SupportBot.Requests;

namespace SupportBot.Insights;

/// <summary>
/// <c>dotnet run -c Release -- insights-bench [--conversations 200000] [--path FILE]</c>: seeds a SQLite file with a
/// year of a busy helpdesk (conversations, guides shown and answered, ratings, requests with their timings and
/// ratings, unrecognised messages), then times every table of the /insights page over the whole year and over the
/// last 30 days, for all queues and for one desk. Prints each query's time and the sum (the page fetches them in parallel).
/// </summary>
public static class InsightsBenchCommand
{
    /// <summary>The stores the bench seeds and reads, opened on a SQLite file by the caller (Insights knows no Storage).</summary>
    public sealed record Stores(IInsightsStore Insights, IUnrecognizedStore Unrecognized, IDisposable Database);

    private static readonly string[] Guides =
        ["billing", "service-health", "password-reset", "outlook-slow", "teams-sign-in", "onedrive-sync", "licenses", "subscription-change",
         "partner-center-requests", "escalation-precheck", "mfa", "sharepoint-access", "exchange-mailflow", "office-activation", "domains"];

    public static async Task<int> RunAsync(string[] args, Func<string, Stores> openSqlite)
    {
        var conversations = 200_000;
        string? path = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--conversations" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: conversations = n; i++; break;
                case "--path" when value is { Length: > 0 }: path = value; i++; break;
                default:
                    await Console.Error.WriteLineAsync("usage: insights-bench [--conversations N] [--path FILE.db]");
                    return 2;
            }
        }
        path ??= Path.Combine(Path.GetTempPath(), $"insights-bench-{Guid.NewGuid():N}.db");
        var (store, unrecognized, database) = openSqlite(path);
        using var _ = database;
        var now = DateTimeOffset.UtcNow;

        var seeding = Stopwatch.StartNew();
        var counts = await SeedAsync(store, unrecognized, conversations, now);
        Console.WriteLine($"Seeded {path}: {counts.Events:N0} events, {counts.Requests:N0} requests, {counts.Unrecognized:N0} unrecognised messages from {conversations:N0} conversations over 365 days ({seeding.Elapsed.TotalSeconds:F1} s).");

        var reports = new InsightsReports(store, unrecognized, Microsoft.Extensions.Options.Options.Create(DefaultTargets), TimeProvider.System);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var worst = 0.0;
        foreach (var (label, range) in new[] { ("365 days", new InsightsRange(today.AddDays(-364), today)), ("30 days", new InsightsRange(today.AddDays(-29), today)) })
            foreach (var scope in new[] { InsightsScope.Everything, new InsightsScope(AgentQueue.PartnerHelpdesk) })
            {
                var query = new InsightsQuery(range, scope, null);
                foreach (var name in InsightsReports.Names) await reports.GetAsync(name, query, CancellationToken.None); // warm the page cache
                var total = Stopwatch.StartNew();
                var times = new List<string>();
                foreach (var name in InsightsReports.Names)
                {
                    var one = Stopwatch.StartNew();
                    var table = await reports.GetAsync(name, query, CancellationToken.None);
                    times.Add($"{name} {one.Elapsed.TotalMilliseconds:F0} ms ({table.Rows.Count} rows)");
                }
                var ms = total.Elapsed.TotalMilliseconds;
                worst = Math.Max(worst, ms);
                Console.WriteLine($"{label}, {scope.Queue?.ToString() ?? "all queues"}: all {InsightsReports.Names.Count} tables in {ms:F0} ms — {string.Join(", ", times)}");
            }
        Console.WriteLine($"Slowest page (every table, one after another): {worst:F0} ms (target < 1000 ms). Machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}.");
        return worst < 1000 ? 0 : 1;
    }

    public static ServiceTargets DefaultTargets => new()
    {
        Targets = new()
        {
            ["critical"] = new SeverityTarget { FirstAction = TimeSpan.FromMinutes(30), Resolution = TimeSpan.FromHours(8) },
            ["moderate"] = new SeverityTarget { FirstAction = TimeSpan.FromHours(4), Resolution = TimeSpan.FromDays(2) },
            ["minimal"] = new SeverityTarget { FirstAction = TimeSpan.FromDays(1), Resolution = TimeSpan.FromDays(5) },
        },
    };

    private static async Task<(int Events, int Requests, int Unrecognized)> SeedAsync(IInsightsStore store, IUnrecognizedStore unrecognized, int conversations, DateTimeOffset now)
    {
        var random = new Random(14);
        var events = new List<InsightEvent>();
        var facts = new List<RequestFacts>();
        int eventCount = 0, requestCount = 0, unrecognizedCount = 0;
        string[] channels = ["msteams", "webchat", "webchat"];
        for (var i = 0; i < conversations; i++)
        {
            var at = now.AddSeconds(-random.NextDouble() * 365 * 86400);
            var channel = channels[random.Next(channels.Length)];
            var role = channel == "msteams" ? (random.Next(10) < 7 ? InsightRole.Partner : InsightRole.Agent) : InsightRole.Customer;
            var language = Language.All[random.Next(Language.All.Count)];
            events.Add(new InsightEvent(InsightEventKind.ConversationStarted, at, channel, role, language));
            string? guide = null;
            if (random.Next(10) < 7)
            {
                guide = Guides[random.Next(Guides.Length)];
                events.Add(new InsightEvent(InsightEventKind.GuideShown, at.AddSeconds(20), channel, role, language, guide));
                var answer = random.Next(10);
                if (answer < 4) events.Add(new InsightEvent(InsightEventKind.GuideSolved, at.AddSeconds(90), channel, role, language, guide));
                else if (answer < 7) events.Add(new InsightEvent(InsightEventKind.GuideNotSolved, at.AddSeconds(90), channel, role, language, guide));
                if (random.Next(10) == 0)
                    events.Add(new InsightEvent(InsightEventKind.AnswerRated, at.AddSeconds(60), channel, role, language, guide, RatedAnswer.Guide, guide, random.Next(3) > 0,
                        random.Next(4) == 0 ? $"comment {i}" : null));
            }
            if (random.Next(5) == 0) facts.Add(Request(random, i, at, guide, now));
            if (random.Next(8) == 0)
            {
                await unrecognized.AddAsync(new UnrecognizedMessage(language, $"unclear message {random.Next(3000)}", "None", random.NextDouble() * 0.5, at));
                unrecognizedCount++;
            }
            if (events.Count >= 20_000 || i == conversations - 1)
            {
                await store.AppendAsync(events);
                await store.UpsertRequestsAsync(facts);
                eventCount += events.Count;
                requestCount += facts.Count;
                events.Clear();
                facts.Clear();
            }
        }
        return (eventCount, requestCount, unrecognizedCount);
    }

    private static RequestFacts Request(Random random, int i, DateTimeOffset at, string? guide, DateTimeOffset now)
    {
        var severity = Requests.Forms.RequestForms.Severities[random.Next(3)];
        var vianet = random.Next(5) == 0;
        var acted = at.AddMinutes(random.Next(5, 600));
        var resolved = acted.AddHours(random.Next(1, 120));
        var status = resolved < now ? (random.Next(3) == 0 ? RequestStatus.Resolved : RequestStatus.Closed) : RequestStatus.InProgress;
        return new RequestFacts
        {
            Id = $"SR-{at:yyyyMMdd}-{i:D6}", Version = 3, CreatedAt = at, Kind = vianet ? RequestKind.Escalation : RequestKind.ServiceRequest,
            Queue = vianet ? AgentQueue.VianetDesk : AgentQueue.PartnerHelpdesk, Severity = severity, Status = status, GuideId = guide,
            FirstActionAt = acted < now ? acted : null, ResolvedAt = status == RequestStatus.InProgress ? null : resolved,
            EndedAt = status == RequestStatus.InProgress ? null : resolved, Escalated = vianet, RemediationAsked = vianet && random.Next(4) == 0,
            RemediationAgreed = vianet && random.Next(8) == 0, Satisfaction = status == RequestStatus.Closed && random.Next(2) == 0 ? random.Next(1, 6) : null,
        };
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
    }
}
