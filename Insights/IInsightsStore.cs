using SupportBot.Requests;

namespace SupportBot.Insights;

/// <summary>Days (UTC), both ends included.</summary>
public sealed record InsightsRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 400;

    public string FromDay => Day(From);
    public string ToDay => Day(To);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    public static string Day(DateTimeOffset at) => Day(DateOnly.FromDateTime(at.UtcDateTime));

    public IEnumerable<DateOnly> Days()
    {
        for (var day = From; day <= To; day = day.AddDays(1)) yield return day;
    }
}

/// <summary>Whose requests a view shows: one desk's queue, or (null) every queue.</summary>
public sealed record InsightsScope(AgentQueue? Queue)
{
    public static readonly InsightsScope Everything = new((AgentQueue?)null);
}

public sealed record ConversationCount(string Day, string Channel, InsightRole Role, string Language, int Count);

/// <summary>One guide's self-help outcome. Abandoned: shown without an answer to "Did this solve it?".</summary>
public sealed record GuideOutcome(string GuideId, int Shown, int Solved, int NotSolved, int RequestsFollowed)
{
    public int Abandoned => Math.Max(0, Shown - Solved - NotSolved);

    /// <summary>Shown and not followed by a request, of all shown (0..1); null when never shown.</summary>
    public double? DeflectionRate => Shown == 0 ? null : Math.Max(0, Shown - RequestsFollowed) / (double)Shown;
}

public sealed record RatingCount(RatedAnswer Rated, string Subject, int Helpful, int NotHelpful);

public sealed record RatingComment(DateTimeOffset At, RatedAnswer Rated, string Subject, bool Helpful, string Language, string Comment);

public sealed record RequestCount(RequestKind Kind, RequestStatus Status, AgentQueue Queue, string Severity, int Count);

public sealed record BacklogDay(string Day, int Opened, int Ended, int Open);

/// <summary>Times per severity, in seconds from filing; breaches against <see cref="ServiceTargets"/>.</summary>
public sealed record SeverityTiming(string Severity, int Requests, int Acted, double? MeanFirstActionSeconds, int Resolved, double? MeanResolutionSeconds,
    int FirstActionBreaches, int ResolutionBreaches);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ServiceTarget>))]
public enum ServiceTarget
{
    FirstAction,
    Resolution,
}

/// <param name="Age">From filing to now, or to when it ended.</param>
public sealed record Breach(string RequestId, AgentQueue Queue, string Severity, RequestStatus Status, DateTimeOffset CreatedAt, TimeSpan Age, IReadOnlyList<ServiceTarget> Missed);

public sealed record EscalationCounts(int Escalated, int RemediationAsked, int RemediationAgreed);

public sealed record SatisfactionCount(int Rating, int Count);

public sealed record SatisfactionDay(string Day, double Mean, int Count);

/// <summary>
/// The /insights page's data: an append-only table of conversation events (<c>insight_events</c>) and a row of facts
/// per request (<c>insight_requests</c>), both in the bot's database; every figure is a GROUP BY over indexed columns.
/// Implemented in Storage for SQLite and PostgreSQL.
/// </summary>
public interface IInsightsStore
{
    Task AppendAsync(IReadOnlyList<InsightEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Writes each request's facts unless a newer version is stored already.</summary>
    Task UpsertRequestsAsync(IReadOnlyList<RequestFacts> facts, CancellationToken cancellationToken = default);

    Task DeleteRequestAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Writes the facts of stored requests that have none or an older version's (a crash between the two
    /// writes, or requests from before this table); returns how many.</summary>
    Task<int> BackfillRequestsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ConversationCount>> ConversationsAsync(InsightsRange range, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<GuideOutcome>> GuidesAsync(InsightsRange range, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RatingCount>> RatingsAsync(InsightsRange range, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RatingComment>> RatingCommentsAsync(InsightsRange range, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RequestCount>> RequestsAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BacklogDay>> BacklogAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SeverityTiming>> TimingsAsync(InsightsRange range, InsightsScope scope, ServiceTargets targets, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Breach>> BreachesAsync(InsightsRange range, InsightsScope scope, ServiceTargets targets, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    Task<EscalationCounts> EscalationsAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SatisfactionCount>> SatisfactionAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SatisfactionDay>> SatisfactionTrendAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default);
}
