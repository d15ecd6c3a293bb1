using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// Builds the message that offers choices (buttons, a card…). The engine knows no cards, so the app supplies
/// this; a card's Action.Submit should send <c>{"choice": value, "submissionId": id}</c> (<see cref="CardForms.CardSubmitKeys"/>).
/// </summary>
public interface IChoiceRenderer
{
    Activity Render(ChoiceRendering rendering);
}
