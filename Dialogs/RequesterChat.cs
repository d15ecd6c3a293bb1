using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Commands;
using SupportBot.Telemetry;

namespace SupportBot.Dialogs;

/// <summary>Which live chat this conversation is in (conversation state); the request says whether it is live.</summary>
public sealed class LiveChatPointer
{
    public const string StateProperty = "liveChat";

    public string? RequestId { get; set; }
}

/// <summary>
/// The requester's side of talking to a person: asking for a live chat (a request the agents take), the relay of
/// what they type to the request's thread while an agent is in the chat, ending it, and answering an agent's
/// question. Everything the agents must hear goes through the outbox, written with the change that causes it.
/// </summary>
public sealed class RequesterChat(
    IRequestStore requests, Replies replies, CommandWords commands, SupportSession session, HandoffEvents handoff, TimeProvider time,
    SupportMetrics metrics)
{
    public const string EndChatCommand = "command.endChat";

    /// <summary>Route selector, ranked before the dialogs: "end chat", or a plain message while an agent is in the chat.</summary>
    public async Task<bool> IsLiveChatMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var text = turn.Activity.GetTextWithoutBotMention();
        if (commands.Is(EndChatCommand, text)) return true;
        if (turn.Activity.Value is not null || string.IsNullOrWhiteSpace(text)) return false;
        return await CurrentChatAsync(turn, cancellationToken) is { IsRelaying: true };
    }

    public Task OnLiveChatMessageAsync(TurnContext turn, CancellationToken cancellationToken) =>
        TryRelayAsync(turn, turn.Activity.GetTextWithoutBotMention(), cancellationToken);

    /// <summary>
    /// Route selector, ranked before the dialogs: a plain message (no command) from the requester while an agent's
    /// question on their open request is pending is the answer to it. A question on a closed request is forgotten.
    /// </summary>
    public async Task<bool> IsAnswerToQuestionAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var text = turn.Activity.GetTextWithoutBotMention();
        if (PendingQuestion.Find(turn) is not { } pending || turn.Activity.Value is not null || string.IsNullOrWhiteSpace(text)
            || commands.AsTopic(text) is not null) return false;
        var request = await requests.GetAsync(pending.RequestId, cancellationToken);
        // Only the requester answers for their request; someone else in a group chat leaves the question pending.
        if (request is not null && !IsTheirs(turn, request)) return false;
        if (request is { IsOpen: true }) return true;
        PendingQuestion.Clear(turn);
        return false;
    }

    public Task OnAnswerToQuestionAsync(TurnContext turn, CancellationToken cancellationToken) =>
        TryAnswerQuestionAsync(turn, turn.Activity.GetTextWithoutBotMention(), cancellationToken);

    /// <summary>
    /// "end chat", and while an agent is in the chat, the person's text goes to them.
    /// </summary>
    /// <returns>True when the message was handled here.</returns>
    public async Task<bool> TryRelayAsync(TurnContext turn, string? text, CancellationToken cancellationToken)
    {
        var endChat = commands.Is(EndChatCommand, text);
        var request = await CurrentChatAsync(turn, cancellationToken);
        if (request is null)
        {
            if (!endChat) return false;
            await turn.SendActivityAsync(replies.Say(turn, session.LanguageOf(turn), "relay.noChat"), cancellationToken);
            return true;
        }
        if (endChat)
        {
            await EndAsync(turn, request, cancellationToken);
            return true;
        }
        if (!request.IsRelaying || turn.Activity.Value is not null || string.IsNullOrWhiteSpace(text)) return false;

        // A chat message: no reply from the bot, the agent answers in person.
        await requests.RelayAsync(request, new Relay(ChatSide.Requester, text, RequesterName(turn), time.GetUtcNow()), cancellationToken);
        return true;
    }

    /// <summary>A plain message while an agent's question is pending is the answer to it.</summary>
    public async Task<bool> TryAnswerQuestionAsync(TurnContext turn, string? text, CancellationToken cancellationToken)
    {
        if (PendingQuestion.Find(turn) is not { } pending || turn.Activity.Value is not null || string.IsNullOrWhiteSpace(text)) return false;
        var request = await requests.GetAsync(pending.RequestId, cancellationToken);
        // Only the requester answers for their request; someone else in a group chat leaves the question pending.
        if (request is not null && !IsTheirs(turn, request)) return false;
        PendingQuestion.Clear(turn);
        if (request is not { IsOpen: true }) return false;

        await requests.ExecuteAsync(request.Id, new Answer(text, RequesterName(turn), time.GetUtcNow()), cancellationToken);
        await turn.SendActivityAsync(replies.Say(turn, session.LanguageOf(turn), "question.thanks", request.Id), cancellationToken);
        return true;
    }

    /// <summary>
    /// "Talk to a person": files a live-chat request with the queue for the person's role (customers: the partner's
    /// helpdesk; partners: 21Vianet's desk) and tells them a person has been asked to join.
    /// </summary>
    public async Task StartAsync(TurnContext turn, string language, GuideRole role, CancellationToken cancellationToken)
    {
        // One live chat per conversation: in a group chat someone else's keeps its place.
        if (await CurrentChatAsync(turn, cancellationToken, includeOthers: true) is { } current)
        {
            await turn.SendActivityAsync(current.IsRelaying
                ? replies.Say(turn, language, "relay.alreadyConnected", current.AssignedTo)
                : replies.Say(turn, language, "relay.alreadyWaiting", current.Id), cancellationToken);
            return;
        }

        var activity = turn.Activity;
        var heard = turn.State.Conversation.Get<ConversationFlags>(ConversationFlags.StateProperty);
        var filed = await requests.FileAsync(RequestFilings.StartLiveChat(new StartLiveChat(
            $"livechat:{activity.ChannelId}:{activity.Conversation?.Id}:{activity.Id ?? Guid.NewGuid().ToString("N")}",
            RequesterIdentity.Of(activity, RequesterIdentity.RoleOf(role), language),
            replies.Text(language, "relay.title"),
            turn.State.Conversation.Find<SelfHelpRecord>(SelfHelpFlow.SelfHelpProperty),
            time.GetUtcNow(), heard.RecentMessages, heard.UnderstoodIntent)), cancellationToken);

        metrics.RequestFiled(filed);
        var request = filed.Request;
        turn.State.Conversation.Set(LiveChatPointer.StateProperty, new LiveChatPointer { RequestId = request.Id });
        var asked = request.Queue == AgentQueue.VianetDesk ? "relay.asked.vianet" : "relay.asked.partner";
        await turn.SendActivityAsync(replies.Say(turn, language, asked, request.Id), cancellationToken);
        if (filed.Created) await handoff.InitiateAsync(turn, request, language, cancellationToken);
    }

    /// <summary>The requester ends the chat, or stops waiting for one; the agents hear it in the thread.</summary>
    private async Task EndAsync(TurnContext turn, ServiceRequest request, CancellationToken cancellationToken)
    {
        var language = session.LanguageOf(turn);
        var ended = (await requests.ExecuteAsync(request.Id, new EndLiveChat(ChatSide.Requester, RequesterName(turn), time.GetUtcNow()), cancellationToken)).Request;
        turn.State.Conversation.Remove(LiveChatPointer.StateProperty);
        if (ended.AssignedTo is null)
            await turn.SendActivityAsync(replies.Say(turn, language, "relay.stoppedWaiting", ended.Id), cancellationToken);
    }

    /// <summary>
    /// The live chat this conversation is in, while it is waiting or live, if the sender is the one who asked for it
    /// (in a group chat the others are not in it) or whoever asked with <paramref name="includeOthers"/>; a finished one is forgotten.
    /// </summary>
    private async Task<ServiceRequest?> CurrentChatAsync(TurnContext turn, CancellationToken cancellationToken, bool includeOthers = false)
    {
        if (turn.State.Conversation.Find<LiveChatPointer>(LiveChatPointer.StateProperty)?.RequestId is not { } id) return null;
        // The route selector and its handler ask in the same turn: read the request once.
        if (!includeOthers && turn.Get<ChatOfThisTurn>() is { } known) return known.Request;
        var found = await FindChatAsync(turn, id, cancellationToken, includeOthers);
        if (!includeOthers) turn.Set(new ChatOfThisTurn(found));
        return found;
    }

    private sealed record ChatOfThisTurn(ServiceRequest? Request);

    private async Task<ServiceRequest?> FindChatAsync(TurnContext turn, string id, CancellationToken cancellationToken, bool includeOthers)
    {
        var request = await requests.GetAsync(id, cancellationToken);
        if (request is not null && !includeOthers && !IsTheirs(turn, request)) return null;
        if (request is { } chat && (chat.IsRelaying || chat.IsWaitingForAgent)) return chat;
        turn.State.Conversation.Remove(LiveChatPointer.StateProperty);
        return null;
    }

    private static bool IsTheirs(TurnContext turn, ServiceRequest request) => request.Requester.Is(turn.Activity.ChannelId, turn.Activity.From?.Id);

    private static string RequesterName(TurnContext turn) => RequesterIdentity.NameOf(turn.Activity, "requester");
}
