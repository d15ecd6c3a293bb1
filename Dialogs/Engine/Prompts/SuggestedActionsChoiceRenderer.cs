using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// The default: the prompt text with one imBack suggested action per choice. Teams shows suggested actions only in
/// 1:1 chats and at most 3 of them (PROTOCOL.md §4.9), so give longer lists or group chats a card renderer.
/// Suggested actions disappear once the user picks one, so they cannot go stale and need no submission id; card
/// buttons stay tappable, which is why they carry one.
/// </summary>
// Microsoft Learn, bot-framework-rest-connector-add-suggested-actions.md ("prevents the user from tapping stale buttons").
public sealed class SuggestedActionsChoiceRenderer : IChoiceRenderer
{
    public static SuggestedActionsChoiceRenderer Instance { get; } = new();

    public Activity Render(ChoiceRendering rendering)
    {
        var message = rendering.Prompt;
        message.SuggestedActions = new SuggestedActions
        {
            Actions = rendering.Choices.Select(choice => CardAction.ImBack(choice.TitleFor(rendering.Language))).ToList(),
        };
        return message;
    }
}
