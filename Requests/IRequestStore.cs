using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.Bot.Schema;

namespace SupportBot.Requests;

/// <summary>A request as filed, before it has an id.</summary>
public sealed record NewRequest
{
    public required string SubmissionId { get; init; }
    public required RequestKind Kind { get; init; }
    public required AgentQueue Queue { get; init; }
    public required Requester Requester { get; init; }
    public required string Title { get; init; }
    public string? Area { get; init; }
    public required string Severity { get; init; }
    public required Dictionary<string, string> Form { get; init; }
    public SelfHelpRecord? SelfHelp { get; init; }
    public string? RelatedRequestId { get; init; }
    public LiveChatSession? LiveChat { get; init; }
}


/// <summary>A proactive message to send later, written in the same transaction as the change that causes it.</summary>
public sealed record OutboxMessage
{
    public required string Id { get; init; }
    /// <summary>What the message is for (e.g. "agent-notification", "requester-update"); the sender dispatches on it.</summary>
    public required string Kind { get; init; }
    public string? RequestId { get; init; }
    public required JsonElement Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public OutboxStatus Status { get; init; }
    public string? LastError { get; init; }

    public static OutboxMessage Create<T>(string kind, string? requestId, T payload, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Kind = kind,
        RequestId = requestId,
        Payload = JsonSerializer.SerializeToElement(payload, ProtocolJson.Options),
        CreatedAt = now,
        NextAttemptAt = now,
        Status = OutboxStatus.Pending,
    };
}

[JsonConverter(typeof(JsonStringEnumConverter<OutboxStatus>))]
public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>The outcome of filing: the request, and whether this call created it (false = same submission seen before).</summary>
public sealed record FileResult(ServiceRequest Request, bool Created);

/// <summary>Durable store of requests (and the outbox that tells people about them).</summary>
public interface IRequestStore
{
    /// <summary>Files a request once per submission id: a repeated or concurrent submit returns the first one.</summary>
    Task<FileResult> FileAsync(NewRequest request, Func<ServiceRequest, IReadOnlyList<OutboxMessage>> outboxFor, CancellationToken cancellationToken = default);

    Task<ServiceRequest?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<ServiceRequest?> FindBySubmissionAsync(string submissionId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ServiceRequest>> ListByRequesterAsync(string channelId, string userId, CancellationToken cancellationToken = default);

    /// <summary>The request whose agents' thread is conversation <paramref name="conversationId"/> (its <c>AgentThread</c>), if any.</summary>
    Task<ServiceRequest?> FindByAgentThreadAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="change"/> to the latest version and writes it with its outbox messages in one
    /// transaction; retried if another writer got there first. The change may throw to refuse.</summary>
    Task<ServiceRequest> UpdateAsync(string id, Func<ServiceRequest, RequestUpdate> change, CancellationToken cancellationToken = default);

    /// <summary>Pending outbox messages due now, oldest first. A store shared by several instances leases them to the
    /// caller until it saves them (or the lease runs out), so another instance's call skips them meanwhile.</summary>
    Task<IReadOnlyList<OutboxMessage>> DueOutboxAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    Task SaveOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OutboxMessage>> FailedOutboxAsync(CancellationToken cancellationToken = default);

    /// <summary>How many outbox messages wait to be sent and how many failed for good (for /healthz).</summary>
    Task<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken = default);

    /// <summary>When the oldest outbox message still waiting to be sent was created; null when none waits.</summary>
    Task<DateTimeOffset?> OldestPendingOutboxAsync(CancellationToken cancellationToken = default);
}

public sealed record OutboxCounts(int Pending, int Failed);

/// <summary>A new version of a request plus the messages its change must cause.</summary>
public sealed record RequestUpdate(ServiceRequest Request, IReadOnlyList<OutboxMessage> Outbox)
{
    public static implicit operator RequestUpdate(ServiceRequest request) => new(request, []);
}

public sealed class RequestNotFoundException(string id) : KeyNotFoundException($"No request {id}.");
