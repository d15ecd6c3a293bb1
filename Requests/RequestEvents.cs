using SupportBot.Requests.Privacy;

namespace SupportBot.Requests;

/// <summary>What the outbox sends (the outbox dispatcher picks the sender by kind).</summary>
public static class OutboxKinds
{
    /// <summary>Payload <see cref="AgentNotification"/>: a post (or thread reply, or card refresh) in the queue's Teams channel.</summary>
    public const string AgentNotification = "agent-notification";

    /// <summary>Payload <see cref="RequesterUpdate"/>: a proactive message to the requester, in their language and conversation.</summary>
    public const string RequesterUpdate = "requester-update";

    /// <summary>Payload <see cref="EscalationFiling"/>: file the request with the configured escalation sink.</summary>
    public const string EscalationFiling = "escalation-filing";
}

/// <summary>An event on a request that the agents of its queue must hear about.</summary>
/// <param name="Text">What the requester wrote (an answer, a comment, a relayed message), when the event carries text; masked (<see cref="PersonalDataMask"/>).</param>
/// <param name="By">Who did it, as shown to agents.</param>
public sealed record AgentNotification(string RequestId, string Event, string? Text = null, string? By = null)
{
    // Stored in the outbox and shown in the agents' thread: never an ID-card number or a password.
    public string? Text { get; init => field = value is null ? null : PersonalDataMask.Mask(value); } = Text is null ? null : PersonalDataMask.Mask(Text);

    public const string Created = "created";
    public const string Withdrawn = "withdrawn";
    public const string Commented = "commented";
    public const string RemediationAnswered = "remediationAnswered";
    public const string RequesterAnswered = "requesterAnswered";
    public const string ConfirmedSolved = "confirmedSolved";
    public const string Reopened = "reopened";
    public const string Rated = "rated";
    public const string RelayMessage = "relayMessage";
    public const string RelayEnded = "relayEnded";
}

/// <summary>An event on a request that the requester must hear about, proactively, where they filed it.</summary>
/// <param name="Text">The agent's question, resolution note or relayed message, when the event carries text.</param>
/// <param name="By">The agent's name, as shown to the requester.</param>
public sealed record RequesterUpdate(string RequestId, string Event, string? Text = null, string? By = null)
{
    public const string Acknowledged = "acknowledged";
    public const string Question = "question";
    public const string Escalated = "escalated";
    public const string RemediationRequested = "remediationRequested";
    public const string Resolved = "resolved";
    public const string AgentJoined = "agentJoined";
    public const string AgentLeft = "agentLeft";
    public const string RelayMessage = "relayMessage";
}

/// <summary>File request <see cref="RequestId"/> with the escalation sink (Partner Center API or the built-in store).</summary>
public sealed record EscalationFiling(string RequestId);
