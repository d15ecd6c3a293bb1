using SupportBot.Dialogs.Engine.CardForms;

namespace SupportBot.Dialogs.Engine;

/// <summary>
/// Answers a submit from a card the active dialog no longer waits for (a dialog that ended, an earlier step, a
/// card sent again since). Typically: say the card has expired, then <see cref="DialogContext.RepromptDialogAsync"/>.
/// The submission is passed on so a handler can also recognise a double-clicked submit that was already accepted.
/// </summary>
public interface IStaleSubmitHandler
{
    Task OnStaleSubmitAsync(DialogContext dc, CardSubmission submission, CancellationToken cancellationToken);
}
