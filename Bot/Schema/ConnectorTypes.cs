using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Bot.Schema;

// Connector REST shapes (PROTOCOL.md §2).

public sealed class ResourceResponse
{
    public ResourceResponse() { }
    public ResourceResponse(string? id) => Id = id;
    public string? Id { get; set; }
}

public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public string? TenantId { get; set; }
    public Activity? Activity { get; set; }
    public JsonElement? ChannelData { get; set; }
}

public sealed class ConversationResourceResponse
{
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
    public string? Id { get; set; }
}

public sealed class PagedMembersResult
{
    public string? ContinuationToken { get; set; }
    public List<ChannelAccount>? Members { get; set; }
}

/// <summary>The body returned for <c>deliveryMode: expectReplies</c> (PROTOCOL.md §1.2).</summary>
public sealed class ExpectedReplies
{
    public List<Activity> Activities { get; set; } = [];
}

public sealed class ErrorResponse
{
    public Error? Error { get; set; }
}

public sealed class Error
{
    public string? Code { get; set; }
    public string? Message { get; set; }
    public InnerHttpError? InnerHttpError { get; set; }
}

public sealed class InnerHttpError
{
    public int? StatusCode { get; set; }
    public JsonElement? Body { get; set; }
}

/// <summary>What the bot answers an invoke with: the HTTP status and body of the inbound POST (PROTOCOL.md §1.3).</summary>
public sealed class InvokeResponse
{
    public InvokeResponse(int status, JsonElement? body = null)
    {
        Status = status;
        Body = body;
    }

    public int Status { get; }
    public JsonElement? Body { get; }

    public static InvokeResponse Ok<T>(T body) => new(200, ProtocolJson.ToElement(body));
}

/// <summary>The body of an <c>adaptiveCard/action</c> invoke response: always HTTP 200, the outcome in <c>statusCode</c> (PROTOCOL.md §4.3).</summary>
public sealed class AdaptiveCardInvokeResponse
{
    public int StatusCode { get; set; } = 200;
    public string? Type { get; set; }
    public JsonElement? Value { get; set; }
}

/// <summary><c>value</c> of an <c>adaptiveCard/action</c> invoke (PROTOCOL.md §4.3).</summary>
public sealed class AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; set; }
    public string? Trigger { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class AdaptiveCardInvokeAction
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Verb { get; set; }
    public JsonElement? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
