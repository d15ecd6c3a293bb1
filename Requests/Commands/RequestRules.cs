using static SupportBot.Requests.RequestStatus;

namespace SupportBot.Requests.Commands;

/// <summary>
/// The one table of which command a request accepts in which status. The status a command moves to is checked
/// again by <see cref="RequestLifecycle"/> (which status may follow which, so history reads as a real story); a
/// test holds the two together.
/// </summary>
public static class RequestRules
{
    /// <summary>Statuses in which a request is still being worked on (not resolved, closed or withdrawn).</summary>
    private static readonly RequestStatus[] Working = [Submitted, Acknowledged, InProgress, WaitingOnRequester, EscalatedTo21Vianet, RemediationRequested];

    /// <summary>Statuses of a request that is still open (resolved included: it can be reopened or confirmed).</summary>
    private static readonly RequestStatus[] Open = [.. Working, Resolved];

    private static readonly RequestStatus[] Any = Enum.GetValues<RequestStatus>();

    public static IReadOnlyDictionary<RequestCommandKind, RequestStatus[]> AllowedFrom { get; } = new Dictionary<RequestCommandKind, RequestStatus[]>
    {
        [RequestCommandKind.File] = [],
        [RequestCommandKind.StartLiveChat] = [],
        [RequestCommandKind.Take] = Working,
        [RequestCommandKind.Ask] = Working,
        [RequestCommandKind.Answer] = Open,
        [RequestCommandKind.Resolve] = Working,
        // Escalated already: the same escalation again changes nothing (RequestCommands.Escalate).
        [RequestCommandKind.Escalate] = [Submitted, Acknowledged, InProgress, WaitingOnRequester],
        [RequestCommandKind.ProposeRemediation] = [Submitted, Acknowledged, InProgress, EscalatedTo21Vianet],
        [RequestCommandKind.AgreeRemediation] = Open,
        [RequestCommandKind.Withdraw] = Working,
        // A note can always be added; the agents read it in the thread.
        [RequestCommandKind.Comment] = Any,
        [RequestCommandKind.ConfirmSolved] = [Resolved],
        [RequestCommandKind.Rate] = [Resolved, Closed],
        [RequestCommandKind.Reopen] = [Resolved],
        [RequestCommandKind.EndLiveChat] = Open,
        [RequestCommandKind.Relay] = Open,
    };

    public static bool Allows(RequestStatus status, RequestCommandKind command) => AllowedFrom[command].Contains(status);

    /// <summary>Only the partner's helpdesk escalates, and only a customer's request or subscription change.</summary>
    public static bool CanBeEscalated(ServiceRequest request) =>
        request.Queue == AgentQueue.PartnerHelpdesk && request.Kind is RequestKind.ServiceRequest or RequestKind.SubscriptionChange;

    /// <summary>Only 21Vianet's desk proposes a remediation plan, and only for an escalation.</summary>
    public static bool CanGetRemediationPlan(ServiceRequest request) =>
        request.Queue == AgentQueue.VianetDesk && request.Kind == RequestKind.Escalation;

    /// <summary>Whether an agent's card offers the escalation form now.</summary>
    public static bool CanEscalate(ServiceRequest request) => CanBeEscalated(request) && Allows(request.Status, RequestCommandKind.Escalate);

    /// <summary>Whether an agent's card offers the remediation plan form now.</summary>
    public static bool CanProposeRemediation(ServiceRequest request) =>
        CanGetRemediationPlan(request) && Allows(request.Status, RequestCommandKind.ProposeRemediation);
}
