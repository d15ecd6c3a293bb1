using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.DirectLine;

/// <summary>Token buckets per client address and per conversation (sizes in <see cref="DirectLineRateLimitOptions"/>).</summary>
public sealed class DirectLineRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _requestsPerAddress;
    private readonly PartitionedRateLimiter<string> _newConversationsPerAddress;
    private readonly PartitionedRateLimiter<string> _activitiesPerConversation;

    public DirectLineRateLimits(IOptions<DirectLineOptions> options)
    {
        var limits = options.Value.Embedded.RateLimits;
        _requestsPerAddress = Buckets(limits.RequestsPerAddressBurst, limits.RequestsPerAddressPerSecond, TimeSpan.FromSeconds(1));
        _newConversationsPerAddress = Buckets(limits.NewConversationsPerAddressBurst, limits.NewConversationsPerAddressPerMinute, TimeSpan.FromMinutes(1));
        _activitiesPerConversation = Buckets(limits.ActivitiesPerConversationBurst, limits.ActivitiesPerConversationPerMinute, TimeSpan.FromMinutes(1));
    }

    /// <summary>Null when allowed, else how long the caller should wait.</summary>
    public TimeSpan? Request(string address) => Acquire(_requestsPerAddress, address);

    public TimeSpan? NewConversation(string address) => Acquire(_newConversationsPerAddress, address);

    public TimeSpan? Activity(string conversationId) => Acquire(_activitiesPerConversation, conversationId);

    private static TimeSpan? Acquire(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    private static PartitionedRateLimiter<string> Buckets(int burst, int perPeriod, TimeSpan period) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, perPeriod),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);

    public void Dispose()
    {
        _requestsPerAddress.Dispose();
        _newConversationsPerAddress.Dispose();
        _activitiesPerConversation.Dispose();
    }
}
