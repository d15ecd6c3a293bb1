using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>Choices as an Adaptive Card with one Action.Submit per choice, carrying <c>{"choice", "submissionId"}</c>.</summary>
public sealed class CardChoiceRenderer : IChoiceRenderer
{
    public Activity Render(ChoiceRendering rendering)
    {
        var actions = new JsonArray();
        foreach (var choice in rendering.Choices)
            actions.Add(new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = choice.TitleFor(rendering.Language),
                ["data"] = new JsonObject { [CardSubmitKeys.Choice] = choice.Value, [CardSubmitKeys.SubmissionId] = rendering.SubmissionId },
            });
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray { new JsonObject { ["type"] = "TextBlock", ["text"] = rendering.Prompt.Text } },
            ["actions"] = actions,
        };
        var message = rendering.Prompt;
        message.Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = JsonSerializer.SerializeToElement(card) }];
        return message;
    }
}
