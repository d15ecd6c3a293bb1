using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Agents;
using SupportBot.Dialogs.Engine;
using SupportBot.Localization;
using SupportBot.Recognition;

namespace SupportBot.Dialogs;

/// <summary>
/// The support bot's route table: which flow answers which kind of activity. One route decides each message: the
/// requester in a live chat and the answer to an agent's question (ranked first, so no flow or command word takes
/// them), the agents' card buttons, queue capture, an agent writing in a live chat's thread, then the dialogs
/// (interruptions, then the active flow or the root dialog's topic switch).
/// </summary>
public sealed class SupportBotApplication : BotApplication
{
    private readonly SupportDialog _root;
    private readonly WelcomeFlow _welcome;
    private readonly DialogRunner _runner;
    private readonly IIntentRecognizer _recognizer;
    private readonly SupportSession _session;

    public SupportBotApplication(SupportDialog root, WelcomeFlow welcome, Interruptions interruptions, StaleSubmits staleSubmits, SupportSession session,
        AgentThreadRelay agentThreads, RequesterChat chat, HandoffEvents handoff, AgentActions agentActions, QueueCapture queueCapture,
        AnswerFeedback feedback, IIntentRecognizer recognizer)
    {
        _root = root;
        _welcome = welcome;
        _recognizer = recognizer;
        _session = session;
        _runner = new DialogRunner(interruptions, staleSubmits, session.LanguageOf);
        OnMessage(chat.IsLiveChatMessageAsync, chat.OnLiveChatMessageAsync, RouteRank.First);
        OnMessage(chat.IsAnswerToQuestionAsync, chat.OnAnswerToQuestionAsync, RouteRank.First);
        OnMembersAdded(welcome.OnMembersAddedAsync);
        OnInstallationUpdate(welcome.OnInstallationUpdateAsync);
        OnEvent(HandoffEvents.StatusEvent, handoff.OnStatusAsync);
        // Agents' card buttons: Universal Actions in Teams, their Action.Submit fallback elsewhere (PROTOCOL.md §4.3).
        OnInvoke(AgentActions.InvokeName, agentActions.OnInvokeAsync);
        OnActivity(AgentActions.IsSubmit, agentActions.OnSubmitAsync);
        OnActivity(queueCapture.Matches, queueCapture.OnMessageAsync);
        // "Was this helpful?" under a guide or an agent's answer: recorded whatever the person is doing.
        OnActivity(AnswerFeedback.IsSubmit, feedback.OnSubmitAsync);
        // An agent writing in a live chat's thread talks to the requester, not to the bot (after the card buttons).
        OnMessage(agentThreads.IsLiveChatThreadAsync, agentThreads.OnMessageAsync);
        OnMessage(OnMessageAsync, RouteRank.Last);
    }

    private async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        // In a channel the bot answers only when @mentioned: with resource-specific consent Teams delivers every
        // channel message, and the agents' own conversation is not for the bot (README "Talking to a person").
        if (turn.Activity.Conversation?.ConversationType == "channel" && turn.Activity.Value is null && !turn.Activity.MentionsBot()) return;
        // The first message of a one-to-one conversation gets the welcome first; a plain greeting needs nothing more.
        // Not in channels and group chats (welcomed when the bot is added), nor for a card's button press.
        if (IsOneToOne(turn.Activity) && turn.Activity.Value is null
            && await _welcome.WelcomeOnceAsync(turn, cancellationToken) && await IsOnlyAGreetingAsync(turn, cancellationToken)) return;
        await _runner.RunAsync(turn, _root, cancellationToken);
    }

    private static bool IsOneToOne(Activity activity) =>
        activity.Conversation?.IsGroup != true && activity.Conversation?.ConversationType is null or "personal";

    /// <summary>Nothing but a greeting ("hi", "您好", "こんにちは"), as the recognizer's Greeting intent knows it.</summary>
    private async Task<bool> IsOnlyAGreetingAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.GetTextWithoutBotMention() is not { } text || string.IsNullOrWhiteSpace(text)) return true;
        var recognized = await _recognizer.RecognizeAsync(text, _session.LanguageOf(turn), cancellationToken);
        return recognized.IsConfident && recognized.TopIntent == Intents.Greeting;
    }
}
