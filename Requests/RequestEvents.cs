namespace SupportBot.Requests;

/// <summary>What the outbox sends (the outbox dispatcher picks the sender by kind).</summary>
public static class OutboxKinds
{
    public const string AgentNotification = "agent-notification";
    public const string RequesterUpdate = "requester-update";
}

/// <summary>An event on a request that agents must hear about.</summary>
public sealed record AgentNotification(string RequestId, string Event)
{
    public const string Created = "created";
    public const string Withdrawn = "withdrawn";
    public const string Commented = "commented";
    public const string RemediationAnswered = "remediationAnswered";
}
