using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>
/// Sends a form as an Adaptive Card and waits for its Action.Submit. Each submit is validated on the server; while
/// there are errors the card comes back with the values kept and the errors marked, under a new submission id (so
/// the older card is stale). The result is the form values as a JSON object, or null when the user pressed Cancel.
/// Renderer and validator are code, so they are given here, never stored.
/// </summary>
public sealed class CardFormPrompt(string id, ICardFormRenderer renderer, ICardFormValidator validator) : Dialog(id)
{
    private const string StateKey = "form";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonElement? options, CancellationToken cancellationToken)
    {
        var start = options?.Deserialize<CardFormOptions>(ProtocolJson.Options);
        var state = new CardFormState { Form = start?.Form ?? Id, Values = start?.Values ?? [] };
        await ShowAsync(dc, dc.ActiveDialog!, state, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (!dc.Context.Activity.IsType(ActivityTypes.Message)) return DialogTurnResult.Waiting;
        var instance = dc.ActiveDialog!;
        var state = instance.Read<CardFormState>(StateKey)!;

        var submission = CardSubmission.From(dc.Context.Activity);
        if (submission is null)
        {
            // Typed text is no answer to a form; show the form again so the user sees what is expected.
            await ShowAsync(dc, instance, state, cancellationToken);
            return DialogTurnResult.Waiting;
        }
        // The runner answers stale cards; a prompt never acts on one, even when used without the runner.
        if (!string.Equals(submission.SubmissionId, state.SubmissionId, StringComparison.Ordinal)) return DialogTurnResult.Waiting;
        if (submission.IsCancel) return await dc.EndDialogAsync(null, cancellationToken);

        state.Values = submission.Values;
        var errors = await validator.ValidateAsync(
            new CardFormValidation(dc.Context, state.Form, state.Values.DeepClone().AsObject(), dc.Language), cancellationToken);
        if (errors.Count == 0) return await dc.EndDialogAsync(ProtocolJson.ToElement(state.Values), cancellationToken);

        state.Errors = new Dictionary<string, string>(errors, StringComparer.Ordinal);
        await ShowAsync(dc, instance, state, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonElement? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc, dc.ActiveDialog!, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken) =>
        ShowAsync(dc, instance, instance.Read<CardFormState>(StateKey)!, cancellationToken);

    public override bool ExpectsSubmission(DialogInstance instance, string? submissionId) =>
        submissionId is not null && instance.Read<CardFormState>(StateKey)?.SubmissionId == submissionId;

    private async Task ShowAsync(DialogContext dc, DialogInstance instance, CardFormState state, CancellationToken cancellationToken)
    {
        state.SubmissionId = SubmissionIds.New();
        instance.Write(StateKey, state);
        var card = renderer.Render(new CardFormRendering(dc.Context, state.Form, state.Values.DeepClone().AsObject(), state.Errors, state.SubmissionId, dc.Language));
        card.InputHint ??= InputHints.ExpectingInput;
        await dc.Context.SendActivityAsync(card, cancellationToken);
    }
}
