using SupportBot.Bot.Schema;

namespace SupportBot.Bot.Connector;

/// <summary>The Connector REST API v3 operations a bot uses (PROTOCOL.md §2), against one serviceUrl.</summary>
public interface IConnectorClient
{
    Task<ResourceResponse> SendToConversationAsync(string conversationId, Activity activity, CancellationToken cancellationToken = default);
    Task<ResourceResponse> ReplyToActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);
    Task<ResourceResponse> UpdateActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);
    Task DeleteActivityAsync(string conversationId, string activityId, CancellationToken cancellationToken = default);
    Task<ConversationResourceResponse> CreateConversationAsync(ConversationParameters parameters, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ChannelAccount>> GetConversationMembersAsync(string conversationId, CancellationToken cancellationToken = default);
}

/// <summary>Gives the connector for a serviceUrl; the embedded Direct Line registers its own in-process one.</summary>
public interface IConnectorClientFactory
{
    IConnectorClient Create(string serviceUrl);
}

/// <summary>A Connector call that failed for good (after retries, or a status that must not be retried).</summary>
public sealed class ConnectorException(int statusCode, string? errorCode, string message, string? correlationId = null, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string? ErrorCode { get; } = errorCode;
    public string? CorrelationId { get; } = correlationId;

    /// <summary>The wait the channel asked for in its Retry-After header (429/503), so a later retry can honour it.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
