using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Bot.Schema;

/// <summary>A user or bot on a channel (PROTOCOL.md §1.2).</summary>
public sealed class ChannelAccount
{
    public ChannelAccount() { }

    public ChannelAccount(string id, string? name = null, string? role = null)
    {
        Id = id;
        Name = name;
        Role = role;
    }

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    /// <summary>Fields this model does not name (Teams adds email, userPrincipalName, …); written back unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>The conversation an activity belongs to (PROTOCOL.md §1.2).</summary>
public sealed class ConversationAccount
{
    public ConversationAccount() { }

    public ConversationAccount(string id, bool? isGroup = null, string? conversationType = null, string? tenantId = null)
    {
        Id = id;
        IsGroup = isGroup;
        ConversationType = conversationType;
        TenantId = tenantId;
    }

    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }
    public string? TenantId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>Everything needed to talk to a conversation later (proactive messages).</summary>
public sealed class ConversationReference
{
    public string? ActivityId { get; set; }
    public ChannelAccount? User { get; set; }
    public ChannelAccount? Bot { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ChannelId { get; set; }
    public string? Locale { get; set; }
    public string? ServiceUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
