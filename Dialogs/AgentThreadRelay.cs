using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Commands;

namespace SupportBot.Dialogs;

/// <summary>
/// The agents' side of a live chat: a Teams channel message that @mentions the bot in a live-chat request's thread
/// (its conversation id is the request's <c>AgentThread</c>) goes to the requester; "end" (or an end button) ends
/// the chat. Messages in any other channel conversation are left to the other routes.
/// </summary>
public sealed class AgentThreadRelay(IRequestStore requests, Replies replies, CommandWords commands, TimeProvider time)
{
    public const string AgentEndCommand = "command.agentEnd";

    /// <summary>The value of an end button in the thread: <c>{"topic":"request","value":"endChat","request":id}</c>.</summary>
    public const string EndChatAction = "endChat";

    /// <returns>True when the message belonged to a live chat's thread and was handled.</returns>
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.ChannelId != Channels.MsTeams || activity.Conversation is not { ConversationType: "channel", Id: { Length: > 0 } threadId }) return false;
        var request = await requests.FindByAgentThreadAsync(threadId, cancellationToken);
        if (request?.LiveChat is null) return false;

        var language = Language.FromLocale(activity.Locale);
        var agent = RequesterIdentity.NameOf(activity, "agent");
        var text = activity.GetTextWithoutBotMention();
        var end = commands.Is(AgentEndCommand, text) || Topic.From(activity) is { Kind: Topic.Request, Value: EndChatAction };

        if (!request.IsRelaying)
        {
            var why = request.IsWaitingForAgent
                ? replies.Text(language, "relay.agent.notTaken", request.Requester.Name ?? request.Requester.UserId)
                : replies.Text(language, "relay.agent.ended");
            await turn.SendActivityAsync(ThreadReply(turn, language, why), cancellationToken);
            return true;
        }
        var now = time.GetUtcNow();
        if (end)
        {
            // The thread hears it from the RelayEnded notification, the requester from AgentLeft.
            await requests.ExecuteAsync(request.Id, new EndLiveChat(ChatSide.Agent, agent, now), cancellationToken);
            return true;
        }
        if (string.IsNullOrWhiteSpace(text)) return true;
        await requests.RelayAsync(request, new Relay(ChatSide.Agent, text, agent, now), cancellationToken);
        return true;
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
