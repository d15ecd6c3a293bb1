using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>
/// Sends a form as an Adaptive Card and waits for its Action.Submit. Each submit is validated on the server; while
/// there are errors the card comes back with the values kept and the errors marked, under a new submission id (so
/// the older card is stale). Where the channel can update a message (<see cref="Channels.CanUpdateMessages"/>), the card
/// with errors replaces the submitted one in place, and a card that is no longer current (cancelled, left, or shown
/// again below) is turned read-only. The result is the form values as a JSON object, or null when the user pressed
/// Cancel. Renderer and validator are code, so they are given here, never stored.
/// </summary>
public sealed class CardFormPrompt(string id, ICardFormRenderer renderer, ICardFormValidator validator) : Dialog(id)
{
    private const string StateKey = "form";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonElement? options, CancellationToken cancellationToken)
    {
        var start = options?.Deserialize<CardFormOptions>(ProtocolJson.Options);
        var state = new CardFormState { Form = start?.Form ?? Id, Values = start?.Values ?? [] };
        await ShowAsync(dc, dc.ActiveDialog!, state, NoErrors, replaceInPlace: false, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (!dc.Context.Activity.IsType(ActivityTypes.Message)) return DialogTurnResult.Waiting;
        var instance = dc.ActiveDialog!;
        var state = instance.Read<CardFormState>(StateKey)!;

        var submission = CardSubmission.From(dc.Context.Activity);
        if (submission is null)
        {
            // Typed text is no answer to a form; show the form again so the user sees what is expected.
            await RepromptDialogAsync(dc, instance, cancellationToken);
            return DialogTurnResult.Waiting;
        }
        // The runner answers stale cards; a prompt never acts on one, even when used without the runner.
        if (!string.Equals(submission.SubmissionId, state.SubmissionId, StringComparison.Ordinal)) return DialogTurnResult.Waiting;
        if (submission.IsCancel)
        {
            await CloseAsync(dc, state, CardFormClosing.Cancelled, cancellationToken);
            return await dc.EndDialogAsync(null, cancellationToken);
        }

        state.Values = submission.Values;
        var errors = await ValidateAsync(dc, state, cancellationToken);
        if (errors.Count == 0) return await dc.EndDialogAsync(ProtocolJson.ToElement(state.Values), cancellationToken);

        state.ShowsErrors = true;
        await ShowAsync(dc, instance, state, errors, replaceInPlace: true, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonElement? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc, dc.ActiveDialog!, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    /// <summary>The form again, below whatever was just said (help, a language switch): values kept, errors in the current language.</summary>
    public override async Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken)
    {
        var state = instance.Read<CardFormState>(StateKey)!;
        await CloseAsync(dc, state, CardFormClosing.Replaced, cancellationToken);
        var errors = state.ShowsErrors ? await ValidateAsync(dc, state, cancellationToken) : NoErrors;
        await ShowAsync(dc, instance, state, errors, replaceInPlace: false, cancellationToken);
    }

    /// <summary>Left without an answer (cancel, start over, a new topic): the card stops looking live where the channel allows.</summary>
    public override async Task EndDialogAsync(DialogContext dc, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken)
    {
        if (reason == DialogReason.CancelCalled && instance.Read<CardFormState>(StateKey) is { } state)
            await CloseAsync(dc, state, CardFormClosing.Cancelled, cancellationToken);
    }

    public override bool ExpectsSubmission(DialogInstance instance, string? submissionId) =>
        submissionId is not null && instance.Read<CardFormState>(StateKey)?.SubmissionId == submissionId;

    private Task<IReadOnlyDictionary<string, string>> ValidateAsync(DialogContext dc, CardFormState state, CancellationToken cancellationToken) =>
        validator.ValidateAsync(new CardFormValidation(dc.Context, state.Form, state.Values.DeepClone().AsObject(), dc.Language), cancellationToken);

    private async Task ShowAsync(DialogContext dc, DialogInstance instance, CardFormState state, IReadOnlyDictionary<string, string> errors,
        bool replaceInPlace, CancellationToken cancellationToken)
    {
        state.SubmissionId = SubmissionIds.New();
        var card = renderer.Render(Rendering(dc, state, errors));
        card.InputHint ??= InputHints.ExpectingInput;
        if (replaceInPlace && state.ActivityId is { } shown && Channels.CanUpdateMessages(dc.Context.Activity.ChannelId))
        {
            card.Id = shown;
            await dc.Context.UpdateActivityAsync(card, cancellationToken);
        }
        else
        {
            var sent = await dc.Context.SendActivityAsync(card, cancellationToken);
            state.ActivityId = sent.Id;
        }
        instance.Write(StateKey, state);
    }

    private async Task CloseAsync(DialogContext dc, CardFormState state, CardFormClosing why, CancellationToken cancellationToken)
    {
        if (state.ActivityId is not { } shown || !Channels.CanUpdateMessages(dc.Context.Activity.ChannelId)) return;
        if (renderer.RenderClosed(Rendering(dc, state, NoErrors), why) is not { } closed) return;
        closed.Id = shown;
        await dc.Context.UpdateActivityAsync(closed, cancellationToken);
    }

    private static CardFormRendering Rendering(DialogContext dc, CardFormState state, IReadOnlyDictionary<string, string> errors) =>
        new(dc.Context, state.Form, state.Values.DeepClone().AsObject(), errors, state.SubmissionId, dc.Language);
}
