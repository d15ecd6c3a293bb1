using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Guides;
using SupportBot.Requests;
using SupportBot.Requests.Forms;

namespace SupportBot.Dialogs;

public sealed class PrecheckState
{
}

/// <summary>
/// Before an escalation, the partner is walked through the seed's steps (Customer requests → the customer → New
/// request → the service → the customer's admin center) and asked whether they could resolve it there; only when
/// they could not does the escalation form open.
/// </summary>
public sealed class EscalationPrecheckFlow(SelfHelpFlow selfHelp, Replies replies, SupportSession session)
{
    public const string DialogId = "escalationPrecheck";

    public Dialog Create() => new WaterfallDialog<PrecheckState>(DialogId, [ShowStepsAsync, DecideAsync]);

    private async Task<DialogTurnResult> ShowStepsAsync(WaterfallStepContext<PrecheckState> step, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        var (card, record, _) = selfHelp.Render(GuideIds.EscalationPrecheck, step.Language, session.RoleOf(turn));
        selfHelp.Shown(turn, record, step.Language);
        await turn.SendActivityAsync(replies.Card(turn, step.Language, card), cancellationToken);
        return await step.PromptAsync(SupportDialog.ConfirmPromptId, Prompts.Localized("precheck.question"), cancellationToken);
    }

    private async Task<DialogTurnResult> DecideAsync(WaterfallStepContext<PrecheckState> step, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        var resolved = step.ResultBoolean == true;
        selfHelp.Answered(turn, solved: resolved);
        if (resolved)
        {
            await turn.SendActivityAsync(replies.Say(turn, step.Language, "precheck.resolved"), cancellationToken);
            return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }
        return await step.ReplaceDialogAsync(RequestFormFlow.DialogId, new RequestFormOptions(RequestForms.EscalationName, "precheck.proceed"), cancellationToken);
    }
}
