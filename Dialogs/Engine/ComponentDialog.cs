using System.Text.Json;

namespace SupportBot.Dialogs.Engine;

/// <summary>
/// A dialog made of dialogs: it runs its own inner stack, kept inside its instance state, and ends when that
/// stack completes. Seen from outside it is one entry on the stack.
/// </summary>
public abstract class ComponentDialog : Dialog
{
    private const string InnerStackKey = "dialogs";

    protected ComponentDialog(string id) : base(id)
    {
    }

    protected DialogSet Dialogs { get; } = new();

    /// <summary>The dialog the component begins with; the first one added unless set.</summary>
    protected string? InitialDialogId { get; set; }

    protected ComponentDialog AddDialog(Dialog dialog)
    {
        Dialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonElement? options, CancellationToken cancellationToken)
    {
        var initial = InitialDialogId ?? throw new InvalidOperationException($"Component '{Id}' has no dialogs.");
        return RunInnerAsync(dc, inner => inner.BeginDialogAsync(initial, options, cancellationToken), cancellationToken);
    }

    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken) =>
        RunInnerAsync(dc, inner => inner.ContinueDialogAsync(cancellationToken), cancellationToken);

    // Only a dialog pushed above the component on the outer stack can end into it (e.g. an app-level interruption);
    // the user is back where they were, so show them.
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonElement? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc, dc.ActiveDialog!, cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken)
    {
        var (inner, state) = Inner(dc, instance);
        await inner.RepromptDialogAsync(cancellationToken);
        instance.Write(InnerStackKey, state);
    }

    public override async Task EndDialogAsync(DialogContext dc, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken)
    {
        if (reason != DialogReason.CancelCalled) return;
        var (inner, state) = Inner(dc, instance);
        await inner.CancelAllDialogsAsync(cancellationToken);
        instance.Write(InnerStackKey, state);
    }

    public override bool ExpectsSubmission(DialogInstance instance, string? submissionId)
    {
        var active = instance.Read<DialogState>(InnerStackKey)?.Stack.FirstOrDefault();
        return active is not null && Dialogs.Find(active.Id) is { } dialog && dialog.ExpectsSubmission(active, submissionId);
    }

    private async Task<DialogTurnResult> RunInnerAsync(DialogContext dc, Func<DialogContext, Task<DialogTurnResult>> operation, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveDialog!;
        var (inner, state) = Inner(dc, instance);
        var result = await operation(inner);
        instance.Write(InnerStackKey, state);
        return result.Status == DialogTurnStatus.Waiting
            ? DialogTurnResult.Waiting
            : await dc.EndDialogAsync(result.Result, cancellationToken);
    }

    private (DialogContext Inner, DialogState State) Inner(DialogContext dc, DialogInstance instance)
    {
        var state = instance.Read<DialogState>(InnerStackKey) ?? new DialogState();
        return (dc.CreateChild(Dialogs, state), state);
    }
}
