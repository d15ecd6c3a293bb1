using SupportBot.Requests;

namespace SupportBot.Insights;

/// <summary>
/// What the page needs of one request, as columns (table <c>insight_requests</c>, one row per request, replaced on
/// every change): the store keeps a request as one JSON document, which SQL cannot group by cheaply.
/// </summary>
public sealed record RequestFacts
{
    public required string Id { get; init; }
    public required int Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required RequestKind Kind { get; init; }
    public required AgentQueue Queue { get; init; }
    public required string Severity { get; init; }
    public required RequestStatus Status { get; init; }
    /// <summary>The guide the person went through before filing (the self-help record), if any.</summary>
    public string? GuideId { get; init; }
    /// <summary>The first change an agent made after filing (acknowledged, in progress, …; not the requester's withdrawal).</summary>
    public DateTimeOffset? FirstActionAt { get; init; }
    /// <summary>The first time it was resolved (or closed without a resolution).</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
    /// <summary>When it left the backlog for good: its last move to resolved, closed or withdrawn, while it still is.</summary>
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Escalated to 21Vianet: filed as an escalation, or moved there from the helpdesk.</summary>
    public bool Escalated { get; init; }
    public bool RemediationAsked { get; init; }
    public bool RemediationAgreed { get; init; }
    public int? Satisfaction { get; init; }

    public const string RemediationAgreedAnswer = "agreed";

    public static RequestFacts From(ServiceRequest request)
    {
        var changes = request.History.Where(change => change.From is not null).ToList();
        var firstAction = changes.FirstOrDefault(change => change.To is not (RequestStatus.Withdrawn or RequestStatus.Submitted))?.At;
        var resolved = changes.FirstOrDefault(change => change.To is RequestStatus.Resolved or RequestStatus.Closed)?.At;
        var ended = request.Status is RequestStatus.Resolved or RequestStatus.Closed or RequestStatus.Withdrawn
            ? changes.LastOrDefault(change => change.To is RequestStatus.Resolved or RequestStatus.Closed or RequestStatus.Withdrawn)?.At ?? request.CreatedAt
            : (DateTimeOffset?)null;
        return new RequestFacts
        {
            Id = request.Id,
            Version = request.Version,
            CreatedAt = request.CreatedAt,
            Kind = request.Kind,
            Queue = request.Queue,
            Severity = request.Severity,
            Status = request.Status,
            GuideId = request.SelfHelp?.GuideId,
            FirstActionAt = firstAction,
            ResolvedAt = resolved,
            EndedAt = ended,
            Escalated = request.Kind == RequestKind.Escalation || request.History.Any(change => change.To == RequestStatus.EscalatedTo21Vianet),
            RemediationAsked = request.RemediationPlan is not null,
            RemediationAgreed = string.Equals(request.RemediationPlan?.PartnerAnswer, RemediationAgreedAnswer, StringComparison.Ordinal),
            Satisfaction = request.Satisfaction,
        };
    }
}
