using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Engine.CardForms;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// Asks once, then recognises each message until an answer is understood and valid; the answer (as JSON)
/// is the result. Subclasses say how to ask and how to read an answer.
/// </summary>
public abstract class Prompt<T> : Dialog
{
    private const string StateKey = "prompt";
    private readonly PromptValidator<T>? _validator;
    private readonly IPromptMessageRenderer? _messages;

    /// <param name="messages">Renders keyed <see cref="PromptMessage"/>s; needed only when the options use keys.</param>
    protected Prompt(string id, PromptValidator<T>? validator, IPromptMessageRenderer? messages = null) : base(id)
    {
        _validator = validator;
        _messages = messages;
    }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonElement? options, CancellationToken cancellationToken)
    {
        var state = new PromptState
        {
            Options = options?.Deserialize<PromptOptions>(ProtocolJson.Options) ?? new PromptOptions(),
            SubmissionId = SubmissionIds.New(),
        };
        await AskAsync(dc, dc.ActiveDialog!, state, isRetry: false, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (!dc.Context.Activity.IsType(ActivityTypes.Message)) return DialogTurnResult.Waiting;

        var instance = dc.ActiveDialog!;
        var state = instance.Read<PromptState>(StateKey)!;
        // The runner answers stale cards; a prompt never acts on one, even when used without the runner.
        if (CardSubmission.From(dc.Context.Activity) is { } submission && submission.SubmissionId != state.SubmissionId)
            return DialogTurnResult.Waiting;
        state.Attempts++;
        var sentBefore = dc.Context.SentActivities.Count;
        var recognition = Recognize(dc, state);
        if (recognition.Succeeded && await ValidateAsync(dc, state, recognition.Value!, cancellationToken))
        {
            await UpdateShownAsync(dc, state, prompt => Answered(dc, state, prompt, recognition.Value!), cancellationToken);
            return await dc.EndDialogAsync(ProtocolJson.ToElement(recognition.Value), cancellationToken);
        }

        // A validator that explained the problem itself has said enough; otherwise ask again.
        if (dc.Context.SentActivities.Count == sentBefore) await AskAsync(dc, instance, state, isRetry: true, cancellationToken);
        else Save(instance, state);
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonElement? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc, dc.ActiveDialog!, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken) =>
        AskAsync(dc, instance, instance.Read<PromptState>(StateKey)!, isRetry: false, cancellationToken);

    public override bool ExpectsSubmission(DialogInstance instance, string? submissionId) =>
        submissionId is not null && instance.Read<PromptState>(StateKey)?.SubmissionId == submissionId;

    /// <summary>Left unanswered (cancel, start over, a new topic): its buttons stop looking live where the channel allows.</summary>
    public override Task EndDialogAsync(DialogContext dc, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken) =>
        reason == DialogReason.CancelCalled && instance.Read<PromptState>(StateKey) is { } state
            ? UpdateShownAsync(dc, state, prompt => Closed(dc, state, prompt), cancellationToken)
            : Task.CompletedTask;

    /// <summary>The sent prompt as it should stay once answered with <paramref name="value"/>; null (the default) leaves it.</summary>
    protected virtual Activity? Answered(DialogContext dc, PromptState state, Activity prompt, T value) => null;

    /// <summary>The sent prompt as it should stay once left unanswered; null (the default) leaves it.</summary>
    protected virtual Activity? Closed(DialogContext dc, PromptState state, Activity prompt) => null;

    private async Task UpdateShownAsync(DialogContext dc, PromptState state, Func<Activity, Activity?> render, CancellationToken cancellationToken)
    {
        if (state.ActivityId is not { } shown || !Channels.CanUpdateMessages(dc.Context.Activity.ChannelId)) return;
        if (render(PromptText(dc, state.Options, isRetry: false)) is not { } updated) return;
        updated.Id = shown;
        await dc.Context.UpdateActivityAsync(updated, cancellationToken);
    }

    /// <summary>The message that asks; <paramref name="submissionId"/> goes into any card it carries.</summary>
    protected abstract Activity CreatePrompt(DialogContext dc, PromptOptions options, bool isRetry, string submissionId);

    protected abstract PromptRecognition<T> Recognize(DialogContext dc, PromptState state);

    /// <summary>The prompt's message, rendered now in the turn's language.</summary>
    protected Activity PromptText(DialogContext dc, PromptOptions options, bool isRetry) =>
        ((isRetry ? options.RetryPrompt : null) ?? options.Prompt) switch
        {
            null => Activity.CreateMessage(),
            { Key: { } key } message => (_messages ?? throw new InvalidOperationException($"Prompt '{Id}' was given the key '{key}' but no message renderer."))
                .Render(dc.Context, dc.Language, message),
            { Text: var text } => Activity.CreateMessage(text),
        };

    /// <summary>The <c>choice</c> of an Action.Submit from this prompt's own card, if the message is one.</summary>
    protected static string? SubmittedChoice(DialogContext dc) =>
        dc.Context.Activity.Value is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty(CardSubmitKeys.Choice, out var choice) && choice.ValueKind == JsonValueKind.String
            ? choice.GetString()
            : null;

    private async Task AskAsync(DialogContext dc, DialogInstance instance, PromptState state, bool isRetry, CancellationToken cancellationToken)
    {
        state.SubmissionId = SubmissionIds.New();
        var prompt = CreatePrompt(dc, state.Options, isRetry, state.SubmissionId);
        prompt.InputHint ??= InputHints.ExpectingInput;
        state.ActivityId = (await dc.Context.SendActivityAsync(prompt, cancellationToken)).Id;
        Save(instance, state);
    }

    private Task<bool> ValidateAsync(DialogContext dc, PromptState state, T value, CancellationToken cancellationToken) =>
        _validator is null
            ? Task.FromResult(true)
            : _validator(new PromptValidatorContext<T>(dc.Context, value, state.Options, state.Attempts, dc.Language), cancellationToken);

    private static void Save(DialogInstance instance, PromptState state) => instance.Write(StateKey, state);
}
