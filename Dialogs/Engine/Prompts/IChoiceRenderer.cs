using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// Builds the message that offers choices (buttons, a card…). The engine knows no cards, so the app supplies
/// this; a card's Action.Submit should send <c>{"choice": value, "submissionId": id}</c> (<see cref="CardForms.CardSubmitKeys"/>).
/// </summary>
public interface IChoiceRenderer
{
    Activity Render(ChoiceRendering rendering);

    /// <summary>The question once answered (read-only, the answer shown), for channels that can update a message; null leaves it.</summary>
    Activity? RenderAnswered(ChoiceRendering rendering, Choice answer) => null;

    /// <summary>The question once left unanswered (cancel, start over, a new topic); null leaves it.</summary>
    Activity? RenderClosed(ChoiceRendering rendering) => null;
}
