using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Dialogs.Engine;

/// <summary>
/// One dialog stack in one turn: starts, continues, ends and cancels dialogs. The stack is the
/// <see cref="DialogState"/> it was created over (conversation state at the top level, or a component's instance state).
/// </summary>
public sealed class DialogContext
{
    private readonly DialogState _state;
    private readonly DialogLanguageResolver? _languageOf;

    public DialogContext(DialogSet dialogs, TurnContext context, DialogState state, DialogLanguageResolver? languageOf = null)
        : this(dialogs, context, state, languageOf, parent: null)
    {
    }

    private DialogContext(DialogSet dialogs, TurnContext context, DialogState state, DialogLanguageResolver? languageOf, DialogContext? parent)
    {
        Dialogs = dialogs;
        Context = context;
        _state = state;
        _languageOf = languageOf;
        Parent = parent;
    }

    public DialogSet Dialogs { get; }
    public TurnContext Context { get; }

    /// <summary>The context of the component that owns this stack, if any; dialogs not found here are looked up there.</summary>
    public DialogContext? Parent { get; }

    /// <summary>The stack; index 0 is the active dialog.</summary>
    public List<DialogInstance> Stack => _state.Stack;

    public DialogInstance? ActiveDialog => Stack.Count > 0 ? Stack[0] : null;

    /// <summary>en, zh-Hans or ja; read on every use, so a language switch mid-turn is seen by the next prompt.</summary>
    public string Language => DialogLanguage.Normalize(_languageOf?.Invoke(Context) ?? Context.Activity.Locale);

    /// <summary>A context over an inner stack (a component's), whose dialogs come from <paramref name="dialogs"/>.</summary>
    public DialogContext CreateChild(DialogSet dialogs, DialogState state) => new(dialogs, Context, state, _languageOf, this);

    public Dialog? FindDialog(string dialogId) => Dialogs.Find(dialogId) ?? Parent?.FindDialog(dialogId);

    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, JsonElement? options = null, CancellationToken cancellationToken = default)
    {
        // A missing id here is a bug in the calling code, not a stale stack: let it fail loudly.
        var dialog = FindDialog(dialogId) ?? throw new ArgumentException($"No dialog with the id '{dialogId}' is registered.", nameof(dialogId));
        Stack.Insert(0, new DialogInstance { Id = dialogId });
        return await dialog.BeginDialogAsync(this, options, cancellationToken);
    }

    /// <summary>Begins a dialog with typed options; they are stored as JSON, so they must serialize.</summary>
    public Task<DialogTurnResult> BeginDialogAsync<TOptions>(string dialogId, TOptions options, CancellationToken cancellationToken = default) =>
        BeginDialogAsync(dialogId, DialogJson.From(options), cancellationToken);

    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken = default) =>
        BeginDialogAsync(dialogId, DialogJson.From(options), cancellationToken);

    public Task<DialogTurnResult> PromptAsync(string dialogId, CardFormOptions options, CancellationToken cancellationToken = default) =>
        BeginDialogAsync(dialogId, DialogJson.From(options), cancellationToken);

    /// <summary>Hands the turn to the active dialog; <see cref="DialogTurnStatus.Empty"/> when there is none.</summary>
    public Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken = default) =>
        ActiveDialog is { } instance
            ? Require(instance.Id).ContinueDialogAsync(this, cancellationToken)
            : Task.FromResult(DialogTurnResult.Empty);

    /// <summary>Ends the active dialog and resumes the one below it with <paramref name="result"/>.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(JsonElement? result = null, CancellationToken cancellationToken = default)
    {
        await PopAsync(DialogReason.EndCalled, cancellationToken);
        return ActiveDialog is { } parent
            ? await Require(parent.Id).ResumeDialogAsync(this, DialogReason.EndCalled, result, cancellationToken)
            : new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    public Task<DialogTurnResult> EndDialogAsync<TResult>(TResult result, CancellationToken cancellationToken = default) =>
        EndDialogAsync(DialogJson.From(result), cancellationToken);

    /// <summary>Ends the active dialog and starts another in its place; the dialog below is not resumed in between.</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, JsonElement? options = null, CancellationToken cancellationToken = default)
    {
        await PopAsync(DialogReason.ReplaceCalled, cancellationToken);
        return await BeginDialogAsync(dialogId, options, cancellationToken);
    }

    public Task<DialogTurnResult> ReplaceDialogAsync<TOptions>(string dialogId, TOptions options, CancellationToken cancellationToken = default) =>
        ReplaceDialogAsync(dialogId, DialogJson.From(options), cancellationToken);

    /// <summary>Ends every dialog on this stack (components cancel their inner stacks too).</summary>
    public async Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken = default)
    {
        if (Stack.Count == 0) return DialogTurnResult.Empty;
        while (Stack.Count > 0) await PopAsync(DialogReason.CancelCalled, cancellationToken);
        return DialogTurnResult.Cancelled;
    }

    /// <summary>Asks the active dialog to show again what it waits for.</summary>
    public Task RepromptDialogAsync(CancellationToken cancellationToken = default) =>
        ActiveDialog is { } instance ? Require(instance.Id).RepromptDialogAsync(this, instance, cancellationToken) : Task.CompletedTask;

    /// <summary>True when the active dialog (or, through components, the innermost one) sent the card with this submission id.</summary>
    public bool ExpectsSubmission(string? submissionId) =>
        ActiveDialog is { } instance && FindDialog(instance.Id) is { } dialog && dialog.ExpectsSubmission(instance, submissionId);

    // For ids read from the stored stack: a deployment may have removed the dialog since.
    private Dialog Require(string dialogId) => FindDialog(dialogId) ?? throw new DialogNotFoundException(dialogId);

    private async Task PopAsync(DialogReason reason, CancellationToken cancellationToken)
    {
        var instance = Stack[0];
        if (FindDialog(instance.Id) is { } dialog) await dialog.EndDialogAsync(this, instance, reason, cancellationToken);
        Stack.Remove(instance);
    }
}
