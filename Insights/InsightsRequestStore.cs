using SupportBot.Requests;

namespace SupportBot.Insights;

/// <summary>
/// The request store, telling <see cref="InsightsRecorder"/> each request's new state after it is stored, so the
/// figures follow every change without the request rules knowing about them.
/// </summary>
public sealed class InsightsRequestStore(IRequestStore inner, InsightsRecorder recorder) : IRequestStore
{
    public async Task<FileResult> FileAsync(NewRequest request, Func<ServiceRequest, IReadOnlyList<OutboxMessage>> outboxFor, CancellationToken cancellationToken = default)
    {
        var filed = await inner.FileAsync(request, outboxFor, cancellationToken);
        if (filed.Created) recorder.RequestChanged(filed.Request);
        return filed;
    }

    public async Task<ServiceRequest> UpdateAsync(string id, Func<ServiceRequest, RequestUpdate> change, CancellationToken cancellationToken = default)
    {
        var updated = await inner.UpdateAsync(id, change, cancellationToken);
        recorder.RequestChanged(updated);
        return updated;
    }

    public async Task<bool> DeleteAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.DeleteAsync(requestId, cancellationToken);
        recorder.RequestDeleted(requestId);
        return deleted;
    }

    public Task<ServiceRequest?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<ServiceRequest?> FindBySubmissionAsync(string submissionId, CancellationToken cancellationToken = default) => inner.FindBySubmissionAsync(submissionId, cancellationToken);

    public Task<IReadOnlyList<ServiceRequest>> ListByRequesterAsync(string channelId, string userId, CancellationToken cancellationToken = default) =>
        inner.ListByRequesterAsync(channelId, userId, cancellationToken);

    public Task<IReadOnlyList<ServiceRequest>> ListByUserAsync(string userId, CancellationToken cancellationToken = default) => inner.ListByUserAsync(userId, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> OutboxOfRequestAsync(string requestId, CancellationToken cancellationToken = default) => inner.OutboxOfRequestAsync(requestId, cancellationToken);

    public Task<ServiceRequest?> FindByAgentThreadAsync(string conversationId, CancellationToken cancellationToken = default) => inner.FindByAgentThreadAsync(conversationId, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> DueOutboxAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) => inner.DueOutboxAsync(now, max, cancellationToken);

    public Task SaveOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default) => inner.SaveOutboxAsync(message, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> FailedOutboxAsync(CancellationToken cancellationToken = default) => inner.FailedOutboxAsync(cancellationToken);

    public Task<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken = default) => inner.CountOutboxAsync(cancellationToken);
}
