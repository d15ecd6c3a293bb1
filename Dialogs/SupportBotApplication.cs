using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Agents;
using SupportBot.Dialogs.Engine;
using SupportBot.Localization;

namespace SupportBot.Dialogs;

/// <summary>The support bot's route table: which flow answers which kind of activity.</summary>
public sealed class SupportBotApplication : BotApplication
{
    private readonly SupportDialog _root;
    private readonly WelcomeFlow _welcome;
    private readonly DialogRunner _runner;
    private readonly AgentThreadRelay _agentThreads;

    public SupportBotApplication(SupportDialog root, WelcomeFlow welcome, Interruptions interruptions, StaleSubmits staleSubmits, SupportSession session,
        AgentThreadRelay agentThreads, HandoffEvents handoff, AgentActions agentActions, QueueCapture queueCapture)
    {
        _root = root;
        _welcome = welcome;
        _agentThreads = agentThreads;
        _runner = new DialogRunner(interruptions, staleSubmits, session.LanguageOf);
        OnMembersAdded(welcome.OnMembersAddedAsync);
        OnInstallationUpdate(welcome.OnInstallationUpdateAsync);
        OnEvent(HandoffEvents.StatusEvent, handoff.OnStatusAsync);
        // Agents' card buttons: Universal Actions in Teams, their Action.Submit fallback elsewhere (PROTOCOL.md §4.3).
        OnInvoke(AgentActions.InvokeName, agentActions.OnInvokeAsync);
        OnActivity(AgentActions.IsSubmit, agentActions.OnSubmitAsync);
        OnActivity(queueCapture.Matches, queueCapture.OnMessageAsync);
        OnMessage(OnMessageAsync);
    }

    private async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        // An agent writing in a live chat's thread talks to the requester, not to the bot.
        if (await _agentThreads.TryHandleAsync(turn, cancellationToken)) return;
        // The first message of a one-to-one conversation gets the welcome first; a plain greeting needs nothing more.
        // Not in channels and group chats (welcomed when the bot is added), nor for a card's button press.
        if (IsOneToOne(turn.Activity) && turn.Activity.Value is null
            && await _welcome.WelcomeOnceAsync(turn, cancellationToken) && IsOnlyAGreeting(turn.Activity)) return;
        await _runner.RunAsync(turn, _root, cancellationToken);
    }

    private static bool IsOneToOne(Activity activity) =>
        activity.Conversation?.IsGroup != true && activity.Conversation?.ConversationType is null or "personal";

    private static bool IsOnlyAGreeting(Activity activity) =>
        activity.Value is null && activity.GetTextWithoutBotMention()?.Trim().ToLowerInvariant() is null or "" or "hi" or "hello" or "hey" or "你好" or "您好" or "こんにちは";
}
