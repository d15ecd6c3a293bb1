using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Dialogs.Engine;

/// <summary>
/// What a waterfall step sees: the typed <see cref="State"/>, the dialog's options, the previous step's result,
/// and the ways to move on. <see cref="State"/> is saved when the step moves on (or returns waiting);
/// changes made after moving on are not kept, so change it first.
/// </summary>
public sealed class WaterfallStepContext<TState> where TState : class, new()
{
    private readonly DialogInstance _instance;
    private readonly Func<JsonElement?, Task<DialogTurnResult>> _next;
    private bool _movedOn;

    internal WaterfallStepContext(DialogContext dc, DialogInstance instance, int index, DialogReason reason, JsonElement? result,
        JsonElement? options, TState state, Func<JsonElement?, Task<DialogTurnResult>> next)
    {
        DialogContext = dc;
        _instance = instance;
        Index = index;
        Reason = reason;
        Result = result;
        Options = options;
        State = state;
        _next = next;
    }

    public DialogContext DialogContext { get; }
    public TurnContext Context => DialogContext.Context;
    public string Language => DialogContext.Language;

    /// <summary>The step's position, from 0.</summary>
    public int Index { get; }

    public DialogReason Reason { get; }

    /// <summary>The dialog's own memory, alive for the whole waterfall and stored with it.</summary>
    public TState State { get; }

    /// <summary>What the waterfall was begun with.</summary>
    public JsonElement? Options { get; }

    /// <summary>The previous step's outcome: a prompt's answer, a child dialog's result, or the user's text.</summary>
    public JsonElement? Result { get; }

    public T? GetOptions<T>() => Read<T>(Options);

    public T? GetResult<T>() => Read<T>(Result);

    /// <summary>The result as text (a <see cref="TextPrompt"/>'s answer).</summary>
    public string? ResultText => Result is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    /// <summary>The result as yes/no (a <see cref="ConfirmPrompt"/>'s answer); null when it is neither.</summary>
    public bool? ResultBoolean => Result?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>The result as a <see cref="ChoicePrompt"/>'s <see cref="FoundChoice"/>.</summary>
    public FoundChoice? ResultChoice => GetResult<FoundChoice>();

    /// <summary>Skips to the next step with <paramref name="result"/>.</summary>
    public Task<DialogTurnResult> NextAsync(JsonElement? result = null)
    {
        MoveOn();
        return _next(result);
    }

    public Task<DialogTurnResult> NextAsync<T>(T result) => NextAsync(DialogJson.From(result));

    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken = default)
    {
        MoveOn();
        return DialogContext.PromptAsync(dialogId, options, cancellationToken);
    }

    public Task<DialogTurnResult> PromptAsync(string dialogId, CardFormOptions options, CancellationToken cancellationToken = default)
    {
        MoveOn();
        return DialogContext.PromptAsync(dialogId, options, cancellationToken);
    }

    public Task<DialogTurnResult> BeginDialogAsync(string dialogId, JsonElement? options = null, CancellationToken cancellationToken = default)
    {
        MoveOn();
        return DialogContext.BeginDialogAsync(dialogId, options, cancellationToken);
    }

    public Task<DialogTurnResult> BeginDialogAsync<TOptions>(string dialogId, TOptions options, CancellationToken cancellationToken = default) =>
        BeginDialogAsync(dialogId, DialogJson.From(options), cancellationToken);

    public Task<DialogTurnResult> EndDialogAsync(JsonElement? result = null, CancellationToken cancellationToken = default)
    {
        MoveOn();
        return DialogContext.EndDialogAsync(result, cancellationToken);
    }

    public Task<DialogTurnResult> EndDialogAsync<TResult>(TResult result, CancellationToken cancellationToken = default) =>
        EndDialogAsync(DialogJson.From(result), cancellationToken);

    public Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, JsonElement? options = null, CancellationToken cancellationToken = default)
    {
        MoveOn();
        return DialogContext.ReplaceDialogAsync(dialogId, options, cancellationToken);
    }

    public Task<DialogTurnResult> ReplaceDialogAsync<TOptions>(string dialogId, TOptions options, CancellationToken cancellationToken = default) =>
        ReplaceDialogAsync(dialogId, DialogJson.From(options), cancellationToken);

    // The next step may run inside this call (a dialog that completes at once), so the state is saved before, not after.
    private void MoveOn()
    {
        if (_movedOn) throw new InvalidOperationException($"Step {Index} has already moved on.");
        _instance.Write(WaterfallDialog<TState>.StateKey, State);
        _movedOn = true;
    }

    internal void SaveIfStillCurrent()
    {
        if (!_movedOn) _instance.Write(WaterfallDialog<TState>.StateKey, State);
    }

    private static T? Read<T>(JsonElement? value) =>
        value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json ? json.Deserialize<T>(ProtocolJson.Options) : default;
}
