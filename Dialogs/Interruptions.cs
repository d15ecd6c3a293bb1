using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;

namespace SupportBot.Dialogs;

/// <summary>
/// The one place for what works at any point of any flow, in any of the three languages: help, cancel, start
/// over, talk to a person, my requests, a language switch, "I'm a partner", and menu buttons. The stack is kept
/// (help, language) unless the user leaves it (cancel, start over, a new topic).
/// </summary>
public sealed class Interruptions(CommandWords commands, Replies replies, SupportSession session, WelcomeFlow welcome, RequesterChat chat) : IInterruptionHandler
{
    public async Task<bool> OnInterruptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        var text = turn.Activity.GetTextWithoutBotMention();

        if (Topic.From(turn.Activity) is { } topic)
        {
            switch (topic.Kind)
            {
                case Topic.Language when Language.Normalize(topic.Value) is { } picked:
                    await SwitchLanguageAsync(dc, picked, cancellationToken);
                    return true;
                case Topic.ClaimPartner:
                    await ClaimPartnerAsync(dc, cancellationToken);
                    return true;
                case Topic.Help when dc.ActiveDialog is not null:
                    await HelpAsync(dc, cancellationToken);
                    return true;
                default:
                    // A menu button starts its topic: leave whatever was going on, the root dialog reads the topic.
                    await dc.CancelAllDialogsAsync(cancellationToken);
                    return false;
            }
        }

        // While a person is in the chat, what the user types is for them (only "end chat" is a command then).
        if (await chat.TryRelayAsync(turn, text, cancellationToken)) return true;

        if (commands.LanguageSwitch(text) is { } language)
        {
            await SwitchLanguageAsync(dc, language, cancellationToken);
            return true;
        }
        if (commands.Is(CommandWords.Help, text))
        {
            await HelpAsync(dc, cancellationToken);
            return true;
        }
        if (commands.Is(CommandWords.Cancel, text))
        {
            var language2 = session.LanguageOf(turn);
            var hadDialog = dc.ActiveDialog is not null;
            await dc.CancelAllDialogsAsync(cancellationToken);
            await welcome.SendMenuAsync(turn, replies.Text(language2, hadDialog ? "cancel.done" : "cancel.nothing"), cancellationToken);
            return true;
        }
        if (commands.Is(CommandWords.StartOver, text))
        {
            await dc.CancelAllDialogsAsync(cancellationToken);
            turn.State.Conversation.Remove(SelfHelpFlow.SelfHelpProperty);
            await welcome.SendWelcomeAsync(turn, cancellationToken);
            return true;
        }
        if (commands.Is(CommandWords.PartnerClaim, text))
        {
            await ClaimPartnerAsync(dc, cancellationToken);
            return true;
        }
        if (commands.Is(CommandWords.Agent, text)) return await StartTopicAsync(dc, new Topic(Topic.Agent), cancellationToken);
        if (commands.Is(CommandWords.Status, text)) return await StartTopicAsync(dc, new Topic(Topic.Status), cancellationToken);
        return await chat.TryAnswerQuestionAsync(turn, text, cancellationToken);
    }

    /// <summary>Leaves the current flow and lets the root dialog start <paramref name="topic"/> this turn.</summary>
    private static async Task<bool> StartTopicAsync(DialogContext dc, Topic topic, CancellationToken cancellationToken)
    {
        await dc.CancelAllDialogsAsync(cancellationToken);
        dc.Context.Set(topic);
        return false;
    }

    private async Task HelpAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        var language = session.LanguageOf(turn);
        if (dc.ActiveDialog is null)
        {
            await welcome.SendMenuAsync(turn, replies.Text(language, "help.text"), cancellationToken);
            return;
        }
        await turn.SendActivityAsync(replies.Say(turn, language, "help.text"), cancellationToken);
        await dc.RepromptDialogAsync(cancellationToken);
    }

    private async Task SwitchLanguageAsync(DialogContext dc, string language, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        SupportSession.Profile(turn).Language = language;
        await turn.SendActivityAsync(replies.Say(turn, language, "language.switched"), cancellationToken);
        if (dc.ActiveDialog is not null) await dc.RepromptDialogAsync(cancellationToken);
        else await welcome.SendMenuAsync(turn, replies.Text(language, "welcome.topics"), cancellationToken);
    }

    private async Task ClaimPartnerAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        if (SupportSession.CanClaimPartner(turn) && session.RoleOf(turn) == GuideRole.Customer)
        {
            SupportSession.Profile(turn).SaidPartner = true;
            await turn.SendActivityAsync(replies.Say(turn, session.LanguageOf(turn), "welcome.partnerClaimed"), cancellationToken);
        }
        if (dc.ActiveDialog is not null) await dc.RepromptDialogAsync(cancellationToken);
        else await welcome.SendWelcomeAsync(turn, cancellationToken);
    }
}

/// <summary>
/// A submit from a card no flow waits for: a double-clicked Submit of a form that was already filed gets the same
/// receipt again (and files nothing); any other old card is expired, and the user is shown where they are.
/// </summary>
public sealed class StaleSubmits(IRequestStore requests, RequestFormFlow forms, Replies replies, SupportSession session, WelcomeFlow welcome) : IStaleSubmitHandler
{
    public async Task OnStaleSubmitAsync(DialogContext dc, CardSubmission submission, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        var language = session.LanguageOf(turn);
        if (!submission.IsCancel && submission.SubmissionId is { } id && await requests.FindBySubmissionAsync(id, cancellationToken) is { } filed)
        {
            await forms.SendReceiptAsync(turn, language, filed, repeated: true, cancellationToken);
            return;
        }
        if (dc.ActiveDialog is not null)
        {
            await turn.SendActivityAsync(replies.Say(turn, language, "stale.expired"), cancellationToken);
            await dc.RepromptDialogAsync(cancellationToken);
            return;
        }
        await welcome.SendMenuAsync(turn, replies.Text(language, "stale.expiredIdle"), cancellationToken);
    }
}
