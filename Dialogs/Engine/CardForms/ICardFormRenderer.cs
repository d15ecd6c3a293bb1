using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>
/// Builds the form's message (an Adaptive Card). Its submit action's <c>data</c> must carry
/// <c>{"form": Form, "submissionId": SubmissionId}</c>, and a cancel action adds <c>"action": "cancel"</c>
/// (<see cref="CardSubmitKeys"/>). Inputs show <see cref="CardFormRendering.Values"/> and mark <see cref="CardFormRendering.Errors"/>.
/// </summary>
public interface ICardFormRenderer
{
    Activity Render(CardFormRendering form);
}
