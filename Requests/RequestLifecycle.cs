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

public sealed class InvalidRequestTransitionException(string id, RequestStatus from, RequestStatus to)
    : InvalidOperationException($"Request {id} cannot move from {from} to {to}.")
{
    public RequestStatus From { get; } = from;
    public RequestStatus To { get; } = to;
}
