using System.Text.Json;

namespace SupportBot.Dialogs.Engine;

/// <summary>
/// A step of conversation that can span turns. A dialog object holds only code and configuration and is shared
/// by all conversations; everything it remembers goes into its <see cref="DialogInstance"/> on the stack.
/// </summary>
public abstract class Dialog
{
    protected Dialog(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    public string Id { get; }

    /// <summary>Called when the dialog is pushed; its instance is already <see cref="DialogContext.ActiveDialog"/>.</summary>
    public abstract Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonElement? options, CancellationToken cancellationToken);

    /// <summary>Called with the user's next activity while this dialog is active.</summary>
    public virtual Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(null, cancellationToken);

    /// <summary>Called when a dialog this one started has ended and this one is active again.</summary>
    public virtual Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonElement? result, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(result, cancellationToken);

    /// <summary>Shows the user again what the dialog is waiting for (after an interruption or a stale card).</summary>
    public virtual Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called as the instance leaves the stack, e.g. to cancel what a component holds inside.</summary>
    public virtual Task EndDialogAsync(DialogContext dc, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// True when a card submit with this <paramref name="submissionId"/> belongs to the card this instance last sent.
    /// Anything else is a stale card (see <see cref="DialogRunner"/>).
    /// </summary>
    public virtual bool ExpectsSubmission(DialogInstance instance, string? submissionId) => false;
}
