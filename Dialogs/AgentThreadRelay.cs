using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Commands;

namespace SupportBot.Dialogs;

/// <summary>
/// The agents' side of a live chat: a Teams channel message that @mentions the bot in a live-chat request's thread
/// (its conversation id is the request's <c>AgentThread</c>) goes to the requester; "end" (or an end button) ends
/// the chat; a reply without a mention stays in the thread (the first is told so). Messages in any other channel
/// conversation are left to the other routes.
/// </summary>
public sealed class AgentThreadRelay(IRequestStore requests, Replies replies, CommandWords commands, TimeProvider time)
{
    public const string AgentEndCommand = "command.agentEnd";

    /// <summary>The value of an end button in the thread: <c>{"topic":"request","value":"endChat","request":id}</c>.</summary>
    public const string EndChatAction = "endChat";

    /// <summary>Route selector: a message in the thread of a live-chat request (the request is kept for the handler).</summary>
    public async Task<bool> IsLiveChatThreadAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.ChannelId != Channels.MsTeams || activity.Conversation is not { ConversationType: "channel", Id: { Length: > 0 } threadId }) return false;
        if (await requests.FindByAgentThreadAsync(threadId, cancellationToken) is not { LiveChat: not null } request) return false;
        turn.Set(new LiveChatThread(request));
        return true;
    }

    private sealed record LiveChatThread(ServiceRequest Request);

    public async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var request = turn.Get<LiveChatThread>()?.Request ?? throw new InvalidOperationException("Route selector IsLiveChatThreadAsync did not run.");

        var language = Language.FromLocale(activity.Locale);
        var agent = RequesterIdentity.NameOf(activity, "agent");
        var text = activity.GetTextWithoutBotMention();
        var end = commands.Is(AgentEndCommand, text) || Topic.From(activity) is { Kind: Topic.Request, Value: EndChatAction };

        // Without a mention (Teams delivers those with resource-specific consent, README "Talking to a person"), a reply
        // in the thread is the agents' own: it stays there. The first one while the chat is live is told so, once.
        if (!activity.MentionsBot() && !end && activity.Value is null)
        {
            if (request.IsRelaying && request.LiveChat is { MentionHintAt: null })
            {
                var now0 = time.GetUtcNow();
                await requests.UpdateAsync(request.Id, current => current.LiveChat is { MentionHintAt: null } chat
                    ? new RequestUpdate(current with { LiveChat = chat with { MentionHintAt = now0 } }, [])
                    : current, cancellationToken);
                await turn.SendActivityAsync(ThreadReply(turn, language,
                    replies.Text(language, "relay.agent.mentionToRelay", request.Requester.Name ?? request.Requester.UserId)), cancellationToken);
            }
            return;
        }
        if (!request.IsRelaying)
        {
            var why = request.IsWaitingForAgent
                ? replies.Text(language, "relay.agent.notTaken", request.Requester.Name ?? request.Requester.UserId)
                : replies.Text(language, "relay.agent.ended");
            await turn.SendActivityAsync(ThreadReply(turn, language, why), cancellationToken);
            return;
        }
        var now = time.GetUtcNow();
        if (end)
        {
            // The thread hears it from the RelayEnded notification, the requester from AgentLeft.
            await requests.ExecuteAsync(request.Id, new EndLiveChat(ChatSide.Agent, agent, now), cancellationToken);
            return;
        }
        if (string.IsNullOrWhiteSpace(text)) return;
        await requests.RelayAsync(request, new Relay(ChatSide.Agent, text, agent, now), cancellationToken);
        return;
    }

    /// <summary>A reply in the same thread (the turn's conversation is the thread).</summary>
    private Activity ThreadReply(TurnContext turn, string language, string text)
    {
        var reply = turn.Activity.CreateReply(text);
        reply.Locale = Language.ToLocale(language);
        // It names the requester, whose display name is theirs to choose: plain text, never a link they wrote.
        reply.TextFormat = TextFormatTypes.Plain;
        return reply;
    }
}
