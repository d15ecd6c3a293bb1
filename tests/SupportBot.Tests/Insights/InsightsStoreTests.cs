using Microsoft.Extensions.Options;
using SupportBot.Insights;
using SupportBot.Requests;
using SupportBot.Storage;
using SupportBot.Tests.Storage;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Insights;

/// <summary>The <see cref="IInsightsStore"/> contract, run against SQLite and PostgreSQL; each test has a database (schema) of its own.</summary>
public abstract class InsightsStoreContractTests
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly InsightsRange Week = new(new DateOnly(2026, 11, 27), new DateOnly(2026, 12, 3));

    public static ServiceTargets Targets => new()
    {
        Targets = new()
        {
            ["critical"] = new SeverityTarget { FirstAction = TimeSpan.FromMinutes(30), Resolution = TimeSpan.FromHours(8) },
            ["moderate"] = new SeverityTarget { FirstAction = TimeSpan.FromHours(4), Resolution = TimeSpan.FromDays(2) },
            ["minimal"] = new SeverityTarget { FirstAction = TimeSpan.FromDays(1), Resolution = TimeSpan.FromDays(5) },
        },
    };

    protected abstract IInsightsStore CreateStore();

    /// <summary>A request store on the same database, for the backfill.</summary>
    protected abstract IRequestStore CreateRequestStore(TimeProvider time);

    private static InsightEvent Event(InsightEventKind kind, int daysAgo, string channel = "webchat", InsightRole role = InsightRole.Customer, string language = "en",
        string? guide = null) => new(kind, Now.AddDays(-daysAgo), channel, role, language, guide);

    private static RequestFacts Facts(string id, int daysAgo, string severity = "moderate", AgentQueue queue = AgentQueue.PartnerHelpdesk, RequestStatus status = RequestStatus.Submitted,
        double? firstActionHours = null, double? resolvedHours = null, string? guide = null, int? satisfaction = null, int version = 1)
    {
        var created = Now.AddDays(-daysAgo);
        return new RequestFacts
        {
            Id = id, Version = version, CreatedAt = created, Kind = queue == AgentQueue.VianetDesk ? RequestKind.Escalation : RequestKind.ServiceRequest, Queue = queue,
            Severity = severity, Status = status, GuideId = guide,
            FirstActionAt = firstActionHours is { } f ? created.AddHours(f) : null,
            ResolvedAt = resolvedHours is { } r ? created.AddHours(r) : null,
            EndedAt = status is RequestStatus.Resolved or RequestStatus.Closed or RequestStatus.Withdrawn ? created.AddHours(resolvedHours ?? 1) : null,
            Escalated = queue == AgentQueue.VianetDesk, RemediationAsked = queue == AgentQueue.VianetDesk, RemediationAgreed = false, Satisfaction = satisfaction,
        };
    }

    [Fact]
    public async Task Counts_conversations_per_day_by_channel_role_and_language_within_the_range()
    {
        var store = CreateStore();
        await store.AppendAsync([
            Event(InsightEventKind.ConversationStarted, 0), Event(InsightEventKind.ConversationStarted, 0),
            Event(InsightEventKind.ConversationStarted, 0, "msteams", InsightRole.Partner, "zh-Hans"),
            Event(InsightEventKind.ConversationStarted, 1, language: "ja"),
            Event(InsightEventKind.ConversationStarted, 30),
            Event(InsightEventKind.GuideShown, 0, guide: "password-reset"),
        ]);

        var rows = await CreateStore().ConversationsAsync(Week);

        Assert.Equal(
            [("2026-12-02", "webchat", InsightRole.Customer, "ja", 1), ("2026-12-03", "msteams", InsightRole.Partner, "zh-Hans", 1), ("2026-12-03", "webchat", InsightRole.Customer, "en", 2)],
            rows.Select(r => (r.Day, r.Channel, r.Role, r.Language, r.Count)));
    }

    [Fact]
    public async Task Guides_count_shown_solved_not_solved_abandoned_and_the_requests_that_followed()
    {
        var store = CreateStore();
        await store.AppendAsync([
            .. Enumerable.Repeat(Event(InsightEventKind.GuideShown, 1, guide: "password-reset"), 4),
            Event(InsightEventKind.GuideSolved, 1, guide: "password-reset"),
            Event(InsightEventKind.GuideNotSolved, 1, guide: "password-reset"),
            Event(InsightEventKind.GuideShown, 2, guide: "billing"),
        ]);
        await store.UpsertRequestsAsync([Facts("SR-1", 1, guide: "password-reset"), Facts("SR-2", 40, guide: "password-reset")]);

        var guides = await store.GuidesAsync(Week);

        var reset = guides.Single(g => g.GuideId == "password-reset");
        Assert.Equal((4, 1, 1, 2, 1), (reset.Shown, reset.Solved, reset.NotSolved, reset.Abandoned, reset.RequestsFollowed));
        Assert.Equal(0.75, reset.DeflectionRate);
        Assert.Equal((1, 0, 1.0), (guides.Single(g => g.GuideId == "billing").Shown, guides.Single(g => g.GuideId == "billing").RequestsFollowed, guides.Single(g => g.GuideId == "billing").DeflectionRate!.Value));
    }

    [Fact]
    public async Task Ratings_count_helpful_and_not_per_answer_and_list_the_masked_comments_newest_first()
    {
        var store = CreateStore();
        await store.AppendAsync([
            new InsightEvent(InsightEventKind.AnswerRated, Now.AddHours(-2), "webchat", InsightRole.Customer, "en", "billing", RatedAnswer.Guide, "billing", true),
            new InsightEvent(InsightEventKind.AnswerRated, Now.AddHours(-1), "webchat", InsightRole.Customer, "ja", "billing", RatedAnswer.Guide, "billing", false, "mail li.wei@contoso.cn"),
            new InsightEvent(InsightEventKind.AnswerRated, Now, "msteams", InsightRole.Partner, "en", null, RatedAnswer.AgentAnswer, "SR-7", true, "  quick  "),
        ]);

        var counts = await store.RatingsAsync(Week);
        var comments = await store.RatingCommentsAsync(Week, 10);

        Assert.Contains(new RatingCount(RatedAnswer.Guide, "billing", 1, 1), counts);
        Assert.Contains(new RatingCount(RatedAnswer.AgentAnswer, "SR-7", 1, 0), counts);
        Assert.Equal(["quick", "mail [email]"], comments.Select(c => c.Comment));
        Assert.False(comments[1].Helpful);
    }

    [Fact]
    public async Task Requests_backlog_timings_breaches_escalations_and_satisfaction_per_queue()
    {
        var store = CreateStore();
        await store.UpsertRequestsAsync([
            Facts("SR-1", 3, "critical", firstActionHours: 0.25, resolvedHours: 4, status: RequestStatus.Closed, satisfaction: 5),
            Facts("SR-2", 2, "critical", firstActionHours: 2, status: RequestStatus.InProgress),          // first action late, resolution late (open 48 h)
            Facts("SR-3", 1, "moderate"),                                                                 // not acted on for 24 h: late
            Facts("SR-4", 1, "moderate", status: RequestStatus.Withdrawn),                                // withdrawn: never a breach
            Facts("SR-5", 0, "minimal", AgentQueue.VianetDesk, satisfaction: 2),
            Facts("SR-6", 20, "minimal", status: RequestStatus.InProgress),                               // before the range, still open
        ]);
        var helpdesk = new InsightsScope(AgentQueue.PartnerHelpdesk);

        var requests = await store.RequestsAsync(Week, helpdesk);
        Assert.Equal(4, requests.Sum(r => r.Count));
        Assert.DoesNotContain(requests, r => r.Queue == AgentQueue.VianetDesk);
        Assert.Equal(5, (await store.RequestsAsync(Week, InsightsScope.Everything)).Sum(r => r.Count));

        var backlog = await store.BacklogAsync(Week, helpdesk);
        Assert.Equal(7, backlog.Count);
        Assert.Equal(1, backlog[0].Open);                         // SR-6
        Assert.Equal(3, backlog[^1].Open);                        // SR-6, SR-2, SR-3
        Assert.Equal((1, 1, 1), (backlog[3].Opened, backlog[3].Ended, backlog[3].Open)); // 11-30: SR-1 filed and closed
        Assert.Equal((1, 0, 2), (backlog[4].Opened, backlog[4].Ended, backlog[4].Open)); // 12-01: SR-2
        var timings = await store.TimingsAsync(Week, helpdesk, Targets, Now);
        var critical = timings.Single(t => t.Severity == "critical");
        Assert.Equal((2, 2, 1, 1, 1), (critical.Requests, critical.Acted, critical.Resolved, critical.FirstActionBreaches, critical.ResolutionBreaches));
        Assert.Equal((0.25 + 2) / 2 * 3600, critical.MeanFirstActionSeconds!.Value, 3);
        var moderate = timings.Single(t => t.Severity == "moderate");
        Assert.Equal((1, 1, 0), (moderate.Requests, moderate.FirstActionBreaches, moderate.ResolutionBreaches));

        var breaches = await store.BreachesAsync(Week, helpdesk, Targets, Now, 10);
        Assert.Equal(["SR-2", "SR-3"], breaches.Select(b => b.RequestId));
        Assert.Equal([ServiceTarget.FirstAction, ServiceTarget.Resolution], breaches[0].Missed);
        Assert.Equal(TimeSpan.FromDays(2), breaches[0].Age);
        Assert.Equal([ServiceTarget.FirstAction], breaches[1].Missed);

        Assert.Equal(new EscalationCounts(1, 1, 0), await store.EscalationsAsync(Week, new InsightsScope(AgentQueue.VianetDesk)));
        Assert.Equal(new EscalationCounts(0, 0, 0), await store.EscalationsAsync(Week, helpdesk));
        Assert.Equal([new SatisfactionCount(2, 1), new SatisfactionCount(5, 1)], await store.SatisfactionAsync(Week, InsightsScope.Everything));
        Assert.Equal([new SatisfactionDay("2026-11-30", 5, 1)], await store.SatisfactionTrendAsync(Week, helpdesk));
    }

    [Fact]
    public async Task An_older_version_never_overwrites_a_newer_one_and_a_deleted_request_leaves_the_figures()
    {
        var store = CreateStore();
        await store.UpsertRequestsAsync([Facts("SR-1", 1, status: RequestStatus.InProgress, version: 3)]);
        await store.UpsertRequestsAsync([Facts("SR-1", 1, status: RequestStatus.Submitted, version: 2)]);
        Assert.Equal(RequestStatus.InProgress, Assert.Single(await store.RequestsAsync(Week, InsightsScope.Everything)).Status);

        await store.DeleteRequestAsync("SR-1");
        Assert.Empty(await store.RequestsAsync(Week, InsightsScope.Everything));
    }

    [Fact]
    public async Task The_backfill_writes_the_facts_of_stored_requests_that_have_none_or_an_older_version()
    {
        var time = new FixedTime(Now);
        var requests = CreateRequestStore(time);
        var store = CreateStore();
        Assert.Equal(0, await store.BackfillRequestsAsync());
        var filed = (await requests.FileAsync(SampleRequests.WebChat("u1", "Outlook", new() { ["description"] = "slow" }), _ => [])).Request;
        Assert.Equal(1, await store.BackfillRequestsAsync());
        await requests.UpdateAsync(filed.Id, current => current with
        {
            Status = RequestStatus.Acknowledged,
            History = [.. current.History, new StatusChange(current.Status, RequestStatus.Acknowledged, "agent", Now.AddMinutes(20))],
        });

        Assert.Equal(1, await store.BackfillRequestsAsync());
        Assert.Equal(0, await store.BackfillRequestsAsync());
        var timing = Assert.Single(await store.TimingsAsync(Week, InsightsScope.Everything, Targets, Now));
        Assert.Equal((1, 1200.0), (timing.Acted, timing.MeanFirstActionSeconds!.Value));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class SqliteInsightsStoreTests : InsightsStoreContractTests
{
    private readonly SqliteDatabase _database = new(Path.Combine(Path.GetTempPath(), $"insights-{Guid.NewGuid():N}.db"));

    protected override IInsightsStore CreateStore() => new SqliteInsightsStore(_database);

    protected override IRequestStore CreateRequestStore(TimeProvider time) => new SqliteRequestStore(_database, Options.Create(new RequestOptions()), time);
}

public sealed class PostgresInsightsStoreTests : InsightsStoreContractTests
{
    private readonly string _schema = $"insights_test_{Guid.NewGuid():N}";

    protected override IInsightsStore CreateStore() => new PostgresInsightsStore(TestPostgres.DataSource, _schema);

    protected override IRequestStore CreateRequestStore(TimeProvider time) => new PostgresRequestStore(TestPostgres.DataSource, Options.Create(new RequestOptions()), time, _schema);
}
