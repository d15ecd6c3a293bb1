using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Bot.Schema;

/// <summary>
/// The Bot Framework Activity (v3), field for field as PROTOCOL.md §1.2 names it. Fields this model does not
/// name are kept in <see cref="Properties"/> and written back, so an activity survives a round trip.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? CallerId { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<ChannelAccount>? MembersAdded { get; set; }
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<ChannelAccount>? MembersRemoved { get; set; }
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<MessageReaction>? ReactionsAdded { get; set; }
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<MessageReaction>? ReactionsRemoved { get; set; }
    public string? TopicName { get; set; }
    public bool? HistoryDisclosed { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Speak { get; set; }
    public string? InputHint { get; set; }
    public string? Summary { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<Attachment>? Attachments { get; set; }
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<Entity>? Entities { get; set; }
    public JsonElement? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Label { get; set; }
    public string? ValueType { get; set; }
    public JsonElement? Value { get; set; }
    public string? Name { get; set; }
    public ConversationReference? RelatesTo { get; set; }
    public string? Code { get; set; }
    public DateTimeOffset? Expiration { get; set; }
    public string? Importance { get; set; }
    public string? DeliveryMode { get; set; }
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<string>? ListenFor { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.Ordinal);

    public static Activity CreateMessage(string? text = null) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>A reply addressed back to the sender, in the same conversation, threaded to this activity.</summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = Recipient is null ? null : new ChannelAccount { Id = Recipient.Id, Name = Recipient.Name, Role = RoleTypes.Bot },
        Recipient = From is null ? null : new ChannelAccount { Id = From.Id, Name = From.Name, AadObjectId = From.AadObjectId },
        Conversation = Conversation,
        ReplyToId = Id,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Locale = Locale,
    };

    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = IsType(ActivityTypes.ConversationUpdate) ? null : Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };

    /// <summary>Addresses this (outgoing) activity to the conversation in <paramref name="reference"/>.</summary>
    public Activity ApplyConversationReference(ConversationReference reference, bool isIncoming = false)
    {
        ChannelId = reference.ChannelId;
        ServiceUrl = reference.ServiceUrl;
        Conversation = reference.Conversation;
        Locale ??= reference.Locale;
        if (isIncoming)
        {
            From = reference.User;
            Recipient = reference.Bot;
            Id = reference.ActivityId ?? Id;
        }
        else
        {
            From = reference.Bot;
            Recipient = reference.User;
            ReplyToId = reference.ActivityId ?? ReplyToId;
        }
        return this;
    }

    /// <summary>Whether the message @mentions the bot (its recipient): Teams sends channel messages without one only to apps with resource-specific consent.</summary>
    public bool MentionsBot() =>
        Entities?.Where(e => e.Type == "mention").Select(e => e.As<Mention>()).Any(mention => mention?.Mentioned?.Id is { } id && id == Recipient?.Id) == true;

    /// <summary>The bot's own mention stripped from the text (Teams channel messages carry <c>&lt;at&gt;Bot&lt;/at&gt;</c>).</summary>
    public string? GetTextWithoutBotMention()
    {
        if (Text is null || Entities is null) return Text?.Trim();
        var text = Text;
        foreach (var entity in Entities.Where(e => e.Type == "mention"))
        {
            var mention = entity.As<Mention>();
            if (mention?.Mentioned?.Id is { } id && id == Recipient?.Id && mention.Text is { Length: > 0 } mentionText)
                text = text.Replace(mentionText, string.Empty, StringComparison.Ordinal);
        }
        return text.Trim();
    }

    /// <summary>The sender's tenant: <c>conversation.tenantId</c>, else Teams' <c>channelData.tenant.id</c> (PROTOCOL.md §1.2, §4.1).</summary>
    public string? GetTenantId() => Conversation?.TenantId ?? GetChannelData<TeamsChannelData>()?.Tenant?.Id;

    /// <summary>The channel data as <typeparamref name="T"/>; null when absent or of another shape (a client's to choose).</summary>
    public T? GetChannelData<T>() where T : class =>
        ChannelData is { ValueKind: JsonValueKind.Object } data ? TolerantJson.TryDeserialize<T>(data) : null;

    public Activity Clone() =>
        JsonSerializer.SerializeToElement(this, ProtocolJson.Options).Deserialize<Activity>(ProtocolJson.Options)!;
}
