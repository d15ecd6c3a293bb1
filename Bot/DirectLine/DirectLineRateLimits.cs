using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Hosting;

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
        _requestsPerAddress = TokenBuckets.Create(limits.RequestsPerAddressBurst, limits.RequestsPerAddressPerSecond, TimeSpan.FromSeconds(1));
        _newConversationsPerAddress = TokenBuckets.Create(limits.NewConversationsPerAddressBurst, limits.NewConversationsPerAddressPerMinute, TimeSpan.FromMinutes(1));
        _activitiesPerConversation = TokenBuckets.Create(limits.ActivitiesPerConversationBurst, limits.ActivitiesPerConversationPerMinute, TimeSpan.FromMinutes(1));
    }

    /// <summary>Null when allowed, else how long the caller should wait.</summary>
    public TimeSpan? Request(string address) => TokenBuckets.TryAcquire(_requestsPerAddress, address);

    public TimeSpan? NewConversation(string address) => TokenBuckets.TryAcquire(_newConversationsPerAddress, address);

    public TimeSpan? Activity(string conversationId) => TokenBuckets.TryAcquire(_activitiesPerConversation, conversationId);

    public void Dispose()
    {
        _requestsPerAddress.Dispose();
        _newConversationsPerAddress.Dispose();
        _activitiesPerConversation.Dispose();
    }
}
