using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Engine.Prompts;
using SupportBot.Dialogs.Guides;

namespace SupportBot.Dialogs;

/// <summary>The root dialog: every support flow and the prompts they share, under one component.</summary>
public sealed class SupportDialog : ComponentDialog
{
    public const string DialogId = "support";
    public const string ConfirmPromptId = "confirm";
    public const string TextPromptId = "text";
    public const string FormPromptId = "requestForm.card";

    public SupportDialog(MainFlow main, SelfHelpFlow selfHelp, EscalationPrecheckFlow precheck, RequestFormFlow requestForm,
        StatusFlow status, RequestFormCards formCards, SupportPromptMessages messages, Replies replies) : base(DialogId)
    {
        var choices = new AdaptiveChoiceRenderer(replies);
        AddDialog(main.Create());
        AddDialog(selfHelp.Create());
        AddDialog(precheck.Create());
        AddDialog(requestForm.Create());
        AddDialog(status.Create());
        AddDialog(new ConfirmPrompt(ConfirmPromptId, choices, messages: messages));
        AddDialog(new TextPrompt(TextPromptId, messages: messages));
        AddDialog(new CardFormPrompt(FormPromptId, formCards, formCards));
        InitialDialogId = MainFlow.DialogId;
    }
}

/// <summary>Prompt options that keep a string key and its arguments, rendered in the person's language when sent.</summary>
public static class Prompts
{
    public static PromptOptions Localized(string key, params string[] arguments) => new() { Prompt = PromptMessage.Of(key, arguments) };
}

/// <summary>
/// Renders the prompts' keys at send time: Content/strings keys, and <see cref="GuideOfferKey"/> for a guide's own
/// offer (guide content, arguments: guide id and role).
/// </summary>
public sealed class SupportPromptMessages(Replies replies, GuideCatalog guides) : IPromptMessageRenderer
{
    public const string GuideOfferKey = "guide:outcome.offer";

    public static PromptOptions GuideOffer(string guideId, GuideRole role) => Prompts.Localized(GuideOfferKey, guideId, role.ToString());

    public Activity Render(TurnContext turn, string language, PromptMessage message)
    {
        if (message is { Key: GuideOfferKey, Arguments: [var guideId, var role] })
            return replies.Message(turn, language, guides.Get(guideId, language).For(Enum.Parse<GuideRole>(role)).Outcome?.Offer);
        return replies.Say(turn, language, message.Key!, [.. message.Arguments]);
    }
}
