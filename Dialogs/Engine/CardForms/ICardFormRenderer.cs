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

    /// <summary>
    /// The form as it should stay once it is no longer current (read-only, no buttons), for channels that can update a
    /// message; null leaves the old card as it was.
    /// </summary>
    Activity? RenderClosed(CardFormRendering form, CardFormClosing why) => null;
}

/// <summary>Why a form card was closed.</summary>
public enum CardFormClosing
{
    /// <summary>Cancelled, or the flow it belonged to was left (cancel, start over, a new topic).</summary>
    Cancelled,

    /// <summary>Shown again below (after help or a language switch): the copy below is the one to fill in.</summary>
    Replaced,
}
