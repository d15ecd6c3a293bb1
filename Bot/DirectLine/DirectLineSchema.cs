using System.Text.Json.Serialization;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.DirectLine;

// Direct Line 3.0 shapes (PROTOCOL.md §6.2).

/// <summary>Activities and the watermark to ask with next (polling answer and WebSocket frame).</summary>
public sealed class ActivitySet
{
    public List<Activity> Activities { get; set; } = [];
    public string? Watermark { get; set; }
}

/// <summary>The answer of tokens/generate, tokens/refresh, conversations and reconnect.</summary>
public sealed class DirectLineConversationInfo
{
    public string? ConversationId { get; set; }
    public string? Token { get; set; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }

    public string? StreamUrl { get; set; }
}

/// <summary>Optional body of tokens/generate and conversations: <c>{"user":{"id","name"},"locale"}</c>.</summary>
public sealed class DirectLineStartRequest
{
    public ChannelAccount? User { get; set; }
    public string? Locale { get; set; }
    public List<string>? TrustedOrigins { get; set; }
}

/// <summary>What the page's token route tells the browser: the token, and which Direct Line to use it with.</summary>
public sealed class WebChatTokenResponse
{
    public string? Token { get; set; }
    public string? ConversationId { get; set; }
    public string? UserId { get; set; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }

    /// <summary>DirectLineJS <c>domain</c>, path included (PROTOCOL.md §6.1).</summary>
    public string? Domain { get; set; }

    /// <summary><c>embedded</c> (this process) or <c>azure</c> (Azure Bot Service Direct Line).</summary>
    public string? Mode { get; set; }
}
