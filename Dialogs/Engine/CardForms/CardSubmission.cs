using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>
/// An Action.Submit from one of the bot's tracked cards: a message whose <c>value</c> object carries a
/// <see cref="CardSubmitKeys.SubmissionId"/> or <see cref="CardSubmitKeys.Form"/>. Teams and Web Chat shapes alike
/// (PROTOCOL.md §4.2, §5.3): both put the merged data in <c>value</c>, usually without text.
/// </summary>
public sealed record CardSubmission(string? Form, string? SubmissionId, string Action, JsonObject Values, JsonElement Value)
{
    public bool IsCancel => string.Equals(Action, CardSubmitActions.Cancel, StringComparison.OrdinalIgnoreCase);

    /// <summary>The submission in <paramref name="activity"/>, or null when it is not a tracked card's submit.</summary>
    public static CardSubmission? From(Activity activity)
    {
        if (!activity.IsType(ActivityTypes.Message) || activity.Value is not { ValueKind: JsonValueKind.Object } value) return null;
        var form = Text(value, CardSubmitKeys.Form);
        var submissionId = Text(value, CardSubmitKeys.SubmissionId);
        if (form is null && submissionId is null) return null;

        var values = new JsonObject();
        foreach (var property in value.EnumerateObject())
            if (!CardSubmitKeys.Reserved.Contains(property.Name)) values[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        return new CardSubmission(form, submissionId, Text(value, CardSubmitKeys.Action) ?? CardSubmitActions.Submit, values, value.Clone());
    }

    private static string? Text(JsonElement value, string key) =>
        value.TryGetProperty(key, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
}
