using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs;

/// <summary>
/// What a menu button asks for: its Action.Submit data is <c>{"topic": kind, "value": …, "request": …}</c>.
/// A topic button starts that topic whatever the user was doing (it is a menu, not an answer to a prompt).
/// </summary>
public sealed record Topic(string Kind, string? Value = null, string? RequestId = null)
{
    public const string Key = "topic";
    private const string ValueKey = "value";
    private const string RequestKey = "request";

    public const string Guide = "guide";
    public const string Article = "article";
    public const string Intent = "intent";
    public const string Status = "status";
    public const string Request = "request";
    public const string Agent = "agent";
    public const string Help = "help";
    public const string Menu = "menu";
    public const string Language = "language";
    public const string ClaimPartner = "claimPartner";
    public const string Cancel = "cancel";
    public const string StartOver = "startOver";

    public Dictionary<string, string> ToData()
    {
        var data = new Dictionary<string, string> { [Key] = Kind };
        if (Value is not null) data[ValueKey] = Value;
        if (RequestId is not null) data[RequestKey] = RequestId;
        return data;
    }

    /// <summary>The topic a button sent, or one an interruption chose for this turn.</summary>
    public static Topic? From(TurnContext turn) => turn.Get<Topic>() ?? From(turn.Activity);

    public static Topic? From(Activity activity)
    {
        if (!activity.IsType(ActivityTypes.Message) || activity.Value is not { ValueKind: JsonValueKind.Object } value) return null;
        if (!value.TryGetProperty(Key, out var kind) || kind.ValueKind != JsonValueKind.String) return null;
        return new Topic(kind.GetString()!, Text(value, ValueKey), Text(value, RequestKey));
    }

    private static string? Text(JsonElement value, string key) =>
        value.TryGetProperty(key, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
}
