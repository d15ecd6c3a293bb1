namespace SupportBot.Requests;

/// <summary>Which status may follow which; anything else is refused, so history always reads as a real story.</summary>
public static class RequestLifecycle
{
    private static readonly Dictionary<RequestStatus, RequestStatus[]> Next = new()
    {
        [RequestStatus.Submitted] = [RequestStatus.Acknowledged, RequestStatus.InProgress, RequestStatus.WaitingOnRequester, RequestStatus.EscalatedTo21Vianet, RequestStatus.RemediationRequested, RequestStatus.Resolved, RequestStatus.Withdrawn],
        [RequestStatus.Acknowledged] = [RequestStatus.InProgress, RequestStatus.WaitingOnRequester, RequestStatus.EscalatedTo21Vianet, RequestStatus.RemediationRequested, RequestStatus.Resolved, RequestStatus.Withdrawn],
        [RequestStatus.InProgress] = [RequestStatus.WaitingOnRequester, RequestStatus.EscalatedTo21Vianet, RequestStatus.RemediationRequested, RequestStatus.Resolved, RequestStatus.Withdrawn],
        [RequestStatus.WaitingOnRequester] = [RequestStatus.InProgress, RequestStatus.EscalatedTo21Vianet, RequestStatus.Resolved, RequestStatus.Withdrawn],
        [RequestStatus.EscalatedTo21Vianet] = [RequestStatus.InProgress, RequestStatus.WaitingOnRequester, RequestStatus.RemediationRequested, RequestStatus.Resolved, RequestStatus.Withdrawn],
        [RequestStatus.RemediationRequested] = [RequestStatus.InProgress, RequestStatus.WaitingOnRequester, RequestStatus.Resolved, RequestStatus.Withdrawn],
        // A resolved request can be reopened by the requester, or closed.
        [RequestStatus.Resolved] = [RequestStatus.InProgress, RequestStatus.Closed],
        [RequestStatus.Closed] = [],
        [RequestStatus.Withdrawn] = [],
    };

    public static bool CanMove(RequestStatus from, RequestStatus to) => Next[from].Contains(to);

    /// <summary>The request with its status moved and the move recorded; throws if the move is not allowed.</summary>
    public static ServiceRequest Move(ServiceRequest request, RequestStatus to, string by, DateTimeOffset at, string? note = null)
    {
        if (!CanMove(request.Status, to))
            throw new InvalidRequestTransitionException(request.Id, request.Status, to);
        return request with
        {
            Status = to,
            History = [.. request.History, new StatusChange(request.Status, to, by, at, note)],
        };
    }
}

/// <summary>Moves made by the requester, which the agents of the request's queue must hear about.</summary>
public static class RequesterMoves
{
    /// <summary>The request moved to <paramref name="to"/> by its requester, with the agent notification it causes.</summary>
    public static RequestUpdate Move(ServiceRequest request, RequestStatus to, string agentEvent, string by, DateTimeOffset now) => new(
        RequestLifecycle.Move(request, to, by, now),
        [OutboxMessage.Create(OutboxKinds.AgentNotification, request.Id, new AgentNotification(request.Id, agentEvent, By: by), now)]);
}

public sealed class InvalidRequestTransitionException(string id, RequestStatus from, RequestStatus to)
    : InvalidOperationException($"Request {id} cannot move from {from} to {to}.")
{
    public RequestStatus From { get; } = from;
    public RequestStatus To { get; } = to;
}
