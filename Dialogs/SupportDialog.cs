using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Dialogs;

/// <summary>The root dialog: every support flow and the prompts they share, under one component.</summary>
public sealed class SupportDialog : ComponentDialog
{
    public const string DialogId = "support";
    public const string ConfirmPromptId = "confirm";
    public const string TextPromptId = "text";
    public const string FormPromptId = "requestForm.card";

    public SupportDialog(MainFlow main, SelfHelpFlow selfHelp, EscalationPrecheckFlow precheck, RequestFormFlow requestForm,
        StatusFlow status, RequestFormCards formCards) : base(DialogId)
    {
        var choices = new AdaptiveChoiceRenderer();
        AddDialog(main.Create());
        AddDialog(selfHelp.Create());
        AddDialog(precheck.Create());
        AddDialog(requestForm.Create());
        AddDialog(status.Create());
        AddDialog(new ConfirmPrompt(ConfirmPromptId, choices));
        AddDialog(new TextPrompt(TextPromptId));
        AddDialog(new CardFormPrompt(FormPromptId, formCards, formCards));
        InitialDialogId = MainFlow.DialogId;
    }
}

/// <summary>Prompt options whose text exists in every language, so a reprompt after a language switch is in the new one.</summary>
public static class Prompts
{
    public static PromptOptions Localized(Replies replies, Bot.Turn.TurnContext turn, string key, params object?[] args) => new()
    {
        PromptByLanguage = Localization.Language.All.ToDictionary(language => language, language => replies.Say(turn, language, key, args)),
    };
}
