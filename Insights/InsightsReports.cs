using Microsoft.Extensions.Options;
using SupportBot.Localization;
using SupportBot.Recognition.Unrecognized;

namespace SupportBot.Insights;

/// <param name="Language">For the unrecognised messages: one language, or null for all.</param>
public sealed record InsightsQuery(InsightsRange Range, InsightsScope Scope, string? Language);

/// <summary>The page's tables by name (<c>/insights/api/{name}.json</c> and <c>.csv</c>), each one or two SQL queries.</summary>
public sealed class InsightsReports(IInsightsStore store, IUnrecognizedStore unrecognized, IOptions<ServiceTargets> targets, TimeProvider time)
{
    public const int MaxListed = 500;

    public static readonly IReadOnlyList<string> Names =
        ["conversations", "guides", "ratings", "comments", "requests", "backlog", "timings", "breaches", "escalations", "satisfaction", "satisfaction-trend", "unrecognized"];

    public Task<InsightsTable> GetAsync(string name, InsightsQuery query, CancellationToken cancellationToken) => name switch
    {
        "conversations" => ConversationsAsync(query, cancellationToken),
        "guides" => GuidesAsync(query, cancellationToken),
        "ratings" => RatingsAsync(query, cancellationToken),
        "comments" => CommentsAsync(query, cancellationToken),
        "requests" => RequestsAsync(query, cancellationToken),
        "backlog" => BacklogAsync(query, cancellationToken),
        "timings" => TimingsAsync(query, cancellationToken),
        "breaches" => BreachesAsync(query, cancellationToken),
        "escalations" => EscalationsAsync(query, cancellationToken),
        "satisfaction" => SatisfactionAsync(query, cancellationToken),
        "satisfaction-trend" => SatisfactionTrendAsync(query, cancellationToken),
        "unrecognized" => UnrecognizedAsync(query, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such report."),
    };

    private async Task<InsightsTable> ConversationsAsync(InsightsQuery query, CancellationToken cancellationToken) =>
        InsightsTable.Of(["day", "channel", "role", "language", "conversations"], await store.ConversationsAsync(query.Range, cancellationToken),
            row => [row.Day, row.Channel, row.Role.ToString(), row.Language, row.Count]);

    private async Task<InsightsTable> GuidesAsync(InsightsQuery query, CancellationToken cancellationToken)
    {
        var guides = await store.GuidesAsync(query.Range, cancellationToken);
        var overall = new GuideOutcome("", guides.Sum(g => g.Shown), guides.Sum(g => g.Solved), guides.Sum(g => g.NotSolved), guides.Sum(g => g.RequestsFollowed));
        return InsightsTable.Of(["guide", "shown", "solved", "notSolved", "abandoned", "requestsFollowed", "deflectionRate"], guides.Append(overall),
            row => [row.GuideId.Length == 0 ? "*" : row.GuideId, row.Shown, row.Solved, row.NotSolved, row.Abandoned, row.RequestsFollowed, row.DeflectionRate]);
    }

    private async Task<InsightsTable> RatingsAsync(InsightsQuery query, CancellationToken cancellationToken) =>
        InsightsTable.Of(["rated", "subject", "helpful", "notHelpful"], await store.RatingsAsync(query.Range, cancellationToken),
            row => [row.Rated.ToString(), row.Subject, row.Helpful, row.NotHelpful]);

    private async Task<InsightsTable> CommentsAsync(InsightsQuery query, CancellationToken cancellationToken) =>
        InsightsTable.Of(["at", "rated", "subject", "helpful", "language", "comment"], await store.RatingCommentsAsync(query.Range, MaxListed, cancellationToken),
            row => [Timestamp(row.At), row.Rated.ToString(), row.Subject, row.Helpful, row.Language, row.Comment]);

    private async Task<InsightsTable> RequestsAsync(InsightsQuery query, CancellationToken cancellationToken) =>
        InsightsTable.Of(["kind", "status", "queue", "severity", "requests"], await store.RequestsAsync(query.Range, query.Scope, cancellationToken),
            row => [row.Kind.ToString(), row.Status.ToString(), row.Queue.ToString(), row.Severity, row.Count]);

    private async Task<InsightsTable> BacklogAsync(InsightsQuery query, CancellationToken cancellationToken) =>
        InsightsTable.Of(["day", "opened", "ended", "open"], await store.BacklogAsync(query.Range, query.Scope, cancellationToken),
            row => [row.Day, row.Opened, row.Ended, row.Open]);

    private async Task<InsightsTable> TimingsAsync(InsightsQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.TimingsAsync(query.Range, query.Scope, targets.Value, time.GetUtcNow(), cancellationToken);
        return InsightsTable.Of(["severity", "requests", "acted", "meanFirstActionHours", "firstActionTargetHours", "firstActionBreaches",
                "resolved", "meanResolutionHours", "resolutionTargetHours", "resolutionBreaches"], rows,
            row => [row.Severity, row.Requests, row.Acted, Hours(row.MeanFirstActionSeconds), TargetHours(row.Severity, t => t.FirstAction), row.FirstActionBreaches,
                row.Resolved, Hours(row.MeanResolutionSeconds), TargetHours(row.Severity, t => t.Resolution), row.ResolutionBreaches]);
    }

    private async Task<InsightsTable> BreachesAsync(InsightsQuery query, CancellationToken cancellationToken) =>
        InsightsTable.Of(["request", "queue", "severity", "status", "filed", "ageHours", "missed"],
            await store.BreachesAsync(query.Range, query.Scope, targets.Value, time.GetUtcNow(), MaxListed, cancellationToken),
            row => [row.RequestId, row.Queue.ToString(), row.Severity, row.Status.ToString(), Timestamp(row.CreatedAt), Math.Round(row.Age.TotalHours, 1),
                string.Join(' ', row.Missed)]);

    private async Task<InsightsTable> EscalationsAsync(InsightsQuery query, CancellationToken cancellationToken)
    {
        var counts = await store.EscalationsAsync(query.Range, query.Scope, cancellationToken);
        return InsightsTable.Of(["escalated", "remediationAsked", "remediationAgreed"], [counts], row => [row.Escalated, row.RemediationAsked, row.RemediationAgreed]);
    }

    private async Task<InsightsTable> SatisfactionAsync(InsightsQuery query, CancellationToken cancellationToken)
    {
        var counts = (await store.SatisfactionAsync(query.Range, query.Scope, cancellationToken)).ToDictionary(row => row.Rating, row => row.Count);
        return InsightsTable.Of(["rating", "requests"], Enumerable.Range(1, 5), rating => [rating, counts.GetValueOrDefault(rating)]);
    }

    private async Task<InsightsTable> SatisfactionTrendAsync(InsightsQuery query, CancellationToken cancellationToken) =>
        InsightsTable.Of(["day", "meanRating", "ratings"], await store.SatisfactionTrendAsync(query.Range, query.Scope, cancellationToken),
            row => [row.Day, Math.Round(row.Mean, 2), row.Count]);

    private async Task<InsightsTable> UnrecognizedAsync(InsightsQuery query, CancellationToken cancellationToken)
    {
        var since = new DateTimeOffset(query.Range.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = new DateTimeOffset(query.Range.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = new List<UnrecognizedSummary>();
        foreach (var language in query.Language is { } one ? [one] : Language.All)
            rows.AddRange((await unrecognized.MostFrequentAsync(language, since, 50, cancellationToken)).Where(row => row.LastSeen < until));
        return InsightsTable.Of(["language", "text", "count", "intentGuessed", "meanScore", "lastSeen"], rows,
            row => [row.Language, row.Text, row.Count, row.IntentGuessed, Math.Round(row.MeanScore, 2), Timestamp(row.LastSeen)]);
    }

    private double? TargetHours(string severity, Func<SeverityTarget, TimeSpan> target) =>
        targets.Value.Targets.TryGetValue(severity, out var found) ? Math.Round(target(found).TotalHours, 2) : null;

    private static double? Hours(double? seconds) => seconds is { } value ? Math.Round(value / 3600, 2) : null;

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "Z";
}
