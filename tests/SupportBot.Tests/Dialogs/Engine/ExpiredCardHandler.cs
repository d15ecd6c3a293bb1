using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>Says the card has expired and shows where the user is; remembers what it was given.</summary>
public sealed class ExpiredCardHandler : IStaleSubmitHandler
{
    public List<CardSubmission> Received { get; } = [];

    public async Task OnStaleSubmitAsync(DialogContext dc, CardSubmission submission, CancellationToken cancellationToken)
    {
        Received.Add(submission);
        await dc.Context.SendActivityAsync("This card has expired.", cancellationToken);
        await dc.RepromptDialogAsync(cancellationToken);
    }
}
