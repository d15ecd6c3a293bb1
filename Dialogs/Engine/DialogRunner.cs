using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine.CardForms;

namespace SupportBot.Dialogs.Engine;

/// <summary>
/// Runs a turn through the dialog stack kept in conversation state: stale card submits go to the
/// <see cref="IStaleSubmitHandler"/>, every other message first to the <see cref="IInterruptionHandler"/>, then the
/// active dialog continues, or <c>root</c> begins when none is active. The host saves state after the turn, so the
/// next turn, in this process or another, continues from the same place.
/// </summary>
public sealed class DialogRunner(
    IInterruptionHandler? interruptions = null,
    IStaleSubmitHandler? staleSubmits = null,
    DialogLanguageResolver? languageOf = null)
{
    /// <summary>The conversation-state property holding the stack.</summary>
    public const string StateProperty = "dialogState";

    public async Task<DialogTurnResult> RunAsync(TurnContext turn, Dialog root, CancellationToken cancellationToken)
    {
        var state = turn.State.Conversation.Get<DialogState>(StateProperty);
        var dc = new DialogContext(new DialogSet().Add(root), turn, state, languageOf);

        if (turn.Activity.IsType(ActivityTypes.Message))
        {
            if (CardSubmission.From(turn.Activity) is { } submission && !dc.ExpectsSubmission(submission.SubmissionId))
            {
                await OnStaleSubmitAsync(dc, submission, cancellationToken);
                return Idle(dc);
            }
            if (interruptions is not null && await interruptions.OnInterruptAsync(dc, cancellationToken)) return Idle(dc);
        }

        try
        {
            var result = await dc.ContinueDialogAsync(cancellationToken);
            return result.Status == DialogTurnStatus.Empty ? await dc.BeginDialogAsync(root.Id, null, cancellationToken) : result;
        }
        catch (DialogNotFoundException)
        {
            // The stored stack names a dialog this build no longer has; starting afresh beats failing every turn.
            state.Stack.Clear();
            return await dc.BeginDialogAsync(root.Id, null, cancellationToken);
        }
    }

    private Task OnStaleSubmitAsync(DialogContext dc, CardSubmission submission, CancellationToken cancellationToken) =>
        staleSubmits is not null
            ? staleSubmits.OnStaleSubmitAsync(dc, submission, cancellationToken)
            : dc.RepromptDialogAsync(cancellationToken);

    private static DialogTurnResult Idle(DialogContext dc) => dc.ActiveDialog is null ? DialogTurnResult.Empty : DialogTurnResult.Waiting;
}
