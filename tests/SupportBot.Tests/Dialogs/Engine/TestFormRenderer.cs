using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Engine.CardForms;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>A two-field Adaptive Card form (name, email) with errors shown under the fields, as a Cards/ builder would make it.</summary>
public sealed class TestFormRenderer : ICardFormRenderer
{
    public static readonly string[] Fields = ["name", "email"];

    public Activity Render(CardFormRendering form)
    {
        var body = new JsonArray { new JsonObject { ["type"] = "TextBlock", ["text"] = $"Form {form.Form} ({form.Language})" } };
        foreach (var field in Fields)
        {
            body.Add(new JsonObject { ["type"] = "Input.Text", ["id"] = field, ["label"] = field, ["value"] = form.Values[field]?.DeepClone() });
            if (form.Errors.TryGetValue(field, out var error))
                body.Add(new JsonObject { ["type"] = "TextBlock", ["id"] = $"{field}-error", ["text"] = error, ["color"] = "attention" });
        }
        var submit = new JsonObject { [CardSubmitKeys.Form] = form.Form, [CardSubmitKeys.SubmissionId] = form.SubmissionId };
        var cancel = new JsonObject { [CardSubmitKeys.Form] = form.Form, [CardSubmitKeys.SubmissionId] = form.SubmissionId, [CardSubmitKeys.Action] = CardSubmitActions.Cancel };
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.Submit", ["title"] = "Submit", ["data"] = submit },
                new JsonObject { ["type"] = "Action.Submit", ["title"] = "Cancel", ["data"] = cancel, ["associatedInputs"] = "none" },
            },
        };
        return new Activity
        {
            Type = ActivityTypes.Message,
            Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = JsonSerializer.SerializeToElement(card) }],
        };
    }
}
