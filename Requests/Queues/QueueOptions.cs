namespace SupportBot.Requests.Queues;

/// <summary>Where one agents' queue works: a Teams channel, bound from <c>Support:Queues:&lt;queue&gt;</c>.</summary>
public sealed class QueueChannel
{
    /// <summary>The team's id (<c>19:…@thread.skype</c>, channelData.team.id); its members writing from the team are agents.</summary>
    public string? TeamId { get; set; }

    /// <summary>The channel new request threads are posted in (channelData.channel.id; the General channel's id is the team id).</summary>
    public string? ChannelId { get; set; }

    /// <summary>The Connector endpoint of the team's tenant, as captured from an inbound activity (PROTOCOL.md §4.5).</summary>
    public string? ServiceUrl { get; set; }

    public string? TenantId { get; set; }

    /// <summary>Teams user ids (29:…) or AAD object ids of this queue's agents, wherever they write from.</summary>
    public List<string> AgentUserIds { get; set; } = [];

    /// <summary>The language the queue's cards and thread messages are written in (en, zh-Hans, ja).</summary>
    public string Language { get; set; } = Localization.Language.English;

    public bool CanPost => !string.IsNullOrWhiteSpace(ChannelId) && !string.IsNullOrWhiteSpace(ServiceUrl);
}

/// <summary>The agents' queues, bound from <c>Support:Queues</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "Support:Queues";

    public QueueChannel PartnerHelpdesk { get; set; } = new();
    public QueueChannel VianetDesk { get; set; } = new();

    public QueueChannel For(AgentQueue queue) => queue == AgentQueue.VianetDesk ? VianetDesk : PartnerHelpdesk;
}
