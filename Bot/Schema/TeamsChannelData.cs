using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Bot.Schema;

/// <summary>
/// Teams <c>channelData</c> (PROTOCOL.md §4.1). Every part keeps the fields it does not name (deprecated
/// <c>teamsChannelId</c>/<c>teamsTeamId</c>, <c>source</c>, channel <c>type</c>, …) so a parsed copy writes back whole.
/// </summary>
public sealed class TeamsChannelData
{
    public TenantInfo? Tenant { get; set; }
    public TeamInfo? Team { get; set; }
    public ChannelInfo? Channel { get; set; }
    public string? EventType { get; set; }
    public TeamsChannelDataSettings? Settings { get; set; }
    public NotificationInfo? Notification { get; set; }
    public MeetingInfo? Meeting { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class TenantInfo
{
    public TenantInfo() { }
    public TenantInfo(string id) => Id = id;
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class TeamInfo
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadGroupId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class ChannelInfo
{
    public ChannelInfo() { }
    public ChannelInfo(string id, string? name = null)
    {
        Id = id;
        Name = name;
    }
    public string? Id { get; set; }
    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class TeamsChannelDataSettings
{
    public ChannelInfo? SelectedChannel { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class NotificationInfo
{
    public bool? Alert { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class MeetingInfo
{
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
