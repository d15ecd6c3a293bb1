using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Localization;
using SupportBot.Requests;

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

    private const int MaxTextLength = 4000;

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
        var agent = activity.From?.Name ?? activity.From?.Id ?? "agent";
        var text = activity.GetTextWithoutBotMention();
        var end = commands.Is(AgentEndCommand, text) || Topic.From(activity) is { Kind: Topic.Request, Value: EndChatAction };

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
            await requests.UpdateAsync(request.Id, current => current.LiveChat is not { EndedAt: null } chat
                ? current
                : new RequestUpdate(current with { LiveChat = chat with { EndedAt = now, EndedBy = agent } },
                [
                    OutboxMessage.Create(OutboxKinds.RequesterUpdate, current.Id, new RequesterUpdate(current.Id, RequesterUpdate.AgentLeft, By: current.AssignedTo ?? agent), now),
                    OutboxMessage.Create(OutboxKinds.AgentNotification, current.Id, new AgentNotification(current.Id, AgentNotification.RelayEnded, By: agent), now),
                ]), cancellationToken);
            return;
        }
        if (string.IsNullOrWhiteSpace(text)) return;
        var relayed = text.Length > MaxTextLength ? text[..MaxTextLength] : text;
        await requests.SaveOutboxAsync(OutboxMessage.Create(OutboxKinds.RequesterUpdate, request.Id,
            new RequesterUpdate(request.Id, RequesterUpdate.RelayMessage, relayed, agent), now), cancellationToken);
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
