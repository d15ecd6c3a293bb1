using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;

namespace SupportBot.Dialogs;

/// <summary>
/// What works at any point of any flow, typed (Content/strings/commands.*) or pressed, in any of the three languages:
/// help, cancel, start over, a language switch and "I'm a partner" are answered here and keep the stack where they
/// can (help, language, partner); any other topic ("talk to a person", "my requests", a menu button) leaves the flow
/// and the root dialog's topic switch (<see cref="MainFlow"/>) starts it. Live chat and an agent's pending question
/// are routes of their own, ranked before this (<see cref="SupportBotApplication"/>).
/// </summary>
public sealed class Interruptions(CommandWords commands, Replies replies, SupportSession session, WelcomeFlow welcome) : IInterruptionHandler
{
    public async Task<bool> OnInterruptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        var pressed = Topic.From(turn.Activity);
        if ((pressed ?? commands.AsTopic(turn.Activity.GetTextWithoutBotMention())) is not { } topic) return false;
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
            case Topic.Cancel:
                await CancelAsync(dc, cancellationToken);
                return true;
            case Topic.StartOver:
                await dc.CancelAllDialogsAsync(cancellationToken);
                turn.State.Conversation.Remove(SelfHelpFlow.SelfHelpProperty);
                await welcome.SendWelcomeAsync(turn, cancellationToken);
                return true;
            default:
                // A new topic: leave whatever was going on; the root dialog reads the topic (a button's, or the typed one's).
                return await StartTopicAsync(dc, topic, cancellationToken);
        }
    }

    private async Task CancelAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var language = session.LanguageOf(dc.Context);
        var hadDialog = dc.ActiveDialog is not null;
        await dc.CancelAllDialogsAsync(cancellationToken);
        await welcome.SendMenuAsync(dc.Context, replies.Text(language, hadDialog ? "cancel.done" : "cancel.nothing"), cancellationToken);
    }

    /// <summary>Leaves the current flow and lets the root dialog start <paramref name="topic"/> this turn.</summary>
    private static async Task<bool> StartTopicAsync(DialogContext dc, Topic topic, CancellationToken cancellationToken)
    {
        await dc.CancelAllDialogsAsync(cancellationToken);
        dc.Context.Set(topic);
        return false;
    }

    /// <summary>Help in the middle of a flow: say what works, then show again where the person is (outside a flow the root dialog answers help).</summary>
    private async Task HelpAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        await turn.SendActivityAsync(replies.Say(turn, session.LanguageOf(turn), "help.text"), cancellationToken);
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
