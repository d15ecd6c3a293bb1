using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine;

/// <summary>One step of a waterfall; it must end by moving on (next, prompt, begin, end, replace) or by waiting.</summary>
public delegate Task<DialogTurnResult> WaterfallStep<TState>(WaterfallStepContext<TState> step, CancellationToken cancellationToken)
    where TState : class, new();

/// <summary>
/// Runs its steps in order; each step's result (a prompt's answer, a child dialog's result) is the next step's
/// <see cref="WaterfallStepContext{TState}.Result"/>. <typeparamref name="TState"/> is the dialog's own typed
/// memory, stored as JSON with its instance.
/// </summary>
public sealed class WaterfallDialog<TState> : Dialog where TState : class, new()
{
    internal const string StateKey = "state";
    private const string OptionsKey = "options";
    private const string StepIndexKey = "stepIndex";

    private readonly IReadOnlyList<WaterfallStep<TState>> _steps;

    public WaterfallDialog(string id, IEnumerable<WaterfallStep<TState>> steps) : base(id)
    {
        _steps = [.. steps];
        if (_steps.Count == 0) throw new ArgumentException("A waterfall needs at least one step.", nameof(steps));
    }

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonElement? options, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveDialog!;
        instance.Write(OptionsKey, options);
        instance.Write(StateKey, new TState());
        return RunStepAsync(dc, instance, 0, DialogReason.BeginCalled, null, cancellationToken);
    }

    // A waterfall only moves on user messages; a stray event leaves it where it is.
    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.Context.Activity.IsType(ActivityTypes.Message)
            ? ResumeDialogAsync(dc, DialogReason.ContinueCalled, ProtocolJson.ToElement(dc.Context.Activity.Text), cancellationToken)
            : Task.FromResult(DialogTurnResult.Waiting);

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonElement? result, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveDialog!;
        return RunStepAsync(dc, instance, instance.Read<int>(StepIndexKey) + 1, reason, result, cancellationToken);
    }

    private async Task<DialogTurnResult> RunStepAsync(DialogContext dc, DialogInstance instance, int index, DialogReason reason, JsonElement? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count) return await dc.EndDialogAsync(result, cancellationToken);

        instance.Write(StepIndexKey, index);
        var step = new WaterfallStepContext<TState>(dc, instance, index, reason, result,
            instance.Read<JsonElement?>(OptionsKey), instance.Read<TState>(StateKey) ?? new TState(),
            next => ResumeDialogAsync(dc, DialogReason.NextCalled, next, cancellationToken));
        var turnResult = await _steps[index](step, cancellationToken);
        step.SaveIfStillCurrent();
        return turnResult;
    }
}
