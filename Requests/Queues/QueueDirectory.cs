using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;

namespace SupportBot.Requests.Queues;

/// <summary>The channel an admin chose for a queue by telling the bot in that channel.</summary>
public sealed record CapturedQueueChannel(string TeamId, string ChannelId, string ServiceUrl, string? TenantId, string Language, string CapturedBy, DateTimeOffset CapturedAt);

/// <summary>
/// Where each queue's notifications go and who its agents are. A channel captured in Teams ("use this channel
/// for …") is kept in <see cref="IStorage"/>, so it survives restarts, and wins over configuration; the
/// configured AgentUserIds always count.
/// </summary>
public sealed class QueueDirectory(IStorage storage, IOptionsMonitor<QueueOptions> options)
{
    private static string Key(AgentQueue queue) => $"support/queues/{queue}";

    /// <summary>The queue's channel as it stands now: captured settings over configured ones.</summary>
    public async Task<QueueChannel> GetAsync(AgentQueue queue, CancellationToken cancellationToken)
    {
        var configured = options.CurrentValue.For(queue);
        var stored = await storage.ReadAsync([Key(queue)], cancellationToken);
        if (!stored.TryGetValue(Key(queue), out var item)) return configured;
        var captured = item.Value.Deserialize<CapturedQueueChannel>(ProtocolJson.Options)!;
        return new QueueChannel
        {
            TeamId = captured.TeamId,
            ChannelId = captured.ChannelId,
            ServiceUrl = captured.ServiceUrl,
            TenantId = captured.TenantId,
            Language = captured.Language,
            AgentUserIds = configured.AgentUserIds,
        };
    }

    public async Task CaptureAsync(AgentQueue queue, CapturedQueueChannel channel, CancellationToken cancellationToken) =>
        await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [Key(queue)] = new(JsonSerializer.SerializeToElement(channel, ProtocolJson.Options), StoreItem.AnyETag),
        }, cancellationToken);

    /// <summary>An agent of <paramref name="queue"/>: listed in its AgentUserIds, or writing from its team in Teams.</summary>
    public async Task<bool> IsAgentAsync(AgentQueue queue, Activity activity, CancellationToken cancellationToken)
    {
        var channel = await GetAsync(queue, cancellationToken);
        return IsListed(channel, activity.From) || IsFromTeam(channel, activity);
    }

    /// <summary>Listed by id in any queue's configuration (the people who may choose a queue's channel).</summary>
    public bool IsConfiguredAgent(ChannelAccount? from) =>
        IsListed(options.CurrentValue.PartnerHelpdesk, from) || IsListed(options.CurrentValue.VianetDesk, from);

    private static bool IsListed(QueueChannel channel, ChannelAccount? from) =>
        from is not null && channel.AgentUserIds.Any(id => id == from.Id || (from.AadObjectId is { } aad && string.Equals(id, aad, StringComparison.OrdinalIgnoreCase)));

    private static bool IsFromTeam(QueueChannel channel, Activity activity) =>
        channel.TeamId is { Length: > 0 } teamId
        && activity.ChannelId == Channels.MsTeams
        && activity.GetChannelData<TeamsChannelData>()?.Team?.Id == teamId;
}
