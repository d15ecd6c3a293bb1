using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Bot.Schema;

/// <summary>A card or file carried by a message (PROTOCOL.md §1.4); content and contentUrl are exclusive.</summary>
public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    public static Attachment FromContent<T>(string contentType, T content) => new()
    {
        ContentType = contentType,
        Content = JsonSerializer.SerializeToElement(content, ProtocolJson.Options),
    };
}

/// <summary>Metadata on an activity; every field but <c>type</c> is kept as extension data.</summary>
public sealed class Entity
{
    public Entity() { }

    public Entity(string type) => Type = type;

    public string? Type { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>Reads this entity as a typed shape (e.g. <see cref="Mention"/>); null when it has another shape.</summary>
    public T? As<T>() where T : class =>
        TolerantJson.TryDeserialize<T>(JsonSerializer.SerializeToElement(this, ProtocolJson.Options));

    public static Entity From<T>(T value) where T : class =>
        JsonSerializer.SerializeToElement(value, ProtocolJson.Options).Deserialize<Entity>(ProtocolJson.Options)!;
}

/// <summary>The <c>mention</c> entity: Teams puts <c>&lt;at&gt;name&lt;/at&gt;</c> in the text for it.</summary>
public sealed class Mention
{
    public string Type { get; set; } = "mention";
    public ChannelAccount? Mentioned { get; set; }
    public string? Text { get; set; }
}

public sealed class SuggestedActions
{
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<string>? To { get; set; }
    [JsonConverter(typeof(TolerantJson.SkipNullItemsConverter))]
    public List<CardAction>? Actions { get; set; }
}

public sealed class CardAction
{
    public CardAction() { }

    public CardAction(string type, string title, JsonElement? value = null)
    {
        Type = type;
        Title = title;
        Value = value;
    }

    public string? Type { get; set; }
    public string? Title { get; set; }
    public string? Image { get; set; }
    public string? ImageAltText { get; set; }
    public string? Text { get; set; }
    public string? DisplayText { get; set; }
    public JsonElement? Value { get; set; }
    public JsonElement? ChannelData { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    public static CardAction ImBack(string title, string? value = null) =>
        new(ActionTypes.ImBack, title, JsonSerializer.SerializeToElement(value ?? title));
}

public sealed class MessageReaction
{
    public string? Type { get; set; }
}
