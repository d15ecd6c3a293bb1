using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Dialogs;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Outbox;
using SupportBot.Requests.Queues;

namespace SupportBot.Notifications;

/// <summary>
/// Sends <see cref="AgentNotification"/>s to the queue's Teams channel. The first one of a request creates its
/// thread (POST /v3/conversations with the channel, PROTOCOL.md §4.5) with the card as the root post, and the thread
/// is stored on the request at once: a retried or later message finds it and never opens a second thread. Later
/// events update the card for everyone (PUT, §4.4) and say what happened in the thread.
/// </summary>
public sealed class AgentNotificationSender(
    IRequestStore requests,
    QueueDirectory queues,
    AgentCards cards,
    Replies replies,
    IConnectorClientFactory connectors,
    IOptions<BotAuthOptions> bot,
    ILogger<AgentNotificationSender> logger) : IOutboxSender
{
    public string Kind => OutboxKinds.AgentNotification;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var notification = message.Payload.Deserialize<AgentNotification>(ProtocolJson.Options)
            ?? throw new OutboxPermanentException("The agent-notification payload is empty.");
        var request = await requests.GetAsync(notification.RequestId, cancellationToken)
            ?? throw new OutboxPermanentException($"No request {notification.RequestId}.");
        var queue = await queues.GetAsync(request.Queue, cancellationToken);
        var language = Language.FromLocale(queue.Language);

        if (request.AgentThread is null)
        {
            if (!queue.CanPost)
                throw new OutboxWaitingException(UnconfiguredQueues.Describe(request.Queue));
            request = await CreateThreadAsync(request, queue, language, cancellationToken);
            if (notification.Event == AgentNotification.Created) return;
        }
        else if (notification.Event == AgentNotification.Created)
        {
            // Posted already (the thread was stored before this message could be marked sent).
            return;
        }

        var thread = request.AgentThread!;
        var client = connectors.Create(thread.ServiceUrl ?? queue.ServiceUrl ?? "");
        var conversationId = thread.Conversation!.Id!;
        // The card first: a PUT repeated after a crash changes nothing, so only the thread line could ever repeat.
        if (request.AgentCardActivityId is { } cardId)
            await client.UpdateActivityAsync(conversationId, cardId, CardMessage(request, language, thread), cancellationToken);
        var line = Line(notification, request, language);
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            Text = line,
            // What people wrote is shown as they wrote it, never as markdown.
            TextFormat = TextFormatTypes.Plain,
            Locale = Language.ToLocale(language),
            From = thread.Bot,
            Conversation = thread.Conversation,
        };
        await client.SendToConversationAsync(conversationId, reply, cancellationToken);
    }

    /// <summary>The card as a complete message for the thread (a new post, or a PUT replacing the root post).</summary>
    public Activity CardMessage(ServiceRequest request, string language, ConversationReference? thread = null) => new()
    {
        Type = ActivityTypes.Message,
        Locale = Language.ToLocale(language),
        From = thread?.Bot ?? BotAccount(),
        Conversation = thread?.Conversation,
        Attachments = [cards.Notification(request, language).ToAttachment()],
    };

    private async Task<ServiceRequest> CreateThreadAsync(ServiceRequest request, QueueChannel queue, string language, CancellationToken cancellationToken)
    {
        var client = connectors.Create(queue.ServiceUrl!);
        var botAccount = BotAccount();
        // PROTOCOL.md §4.5 (send-proactive-messages.md; TeamsInfo.SendMessageToTeamsChannelAsync): a new thread in a channel.
        var created = await client.CreateConversationAsync(new ConversationParameters
        {
            IsGroup = true,
            Bot = botAccount,
            TenantId = queue.TenantId,
            Activity = CardMessage(request, language),
            ChannelData = JsonSerializer.SerializeToElement(new TeamsChannelData
            {
                Channel = new ChannelInfo(queue.ChannelId!),
                Tenant = queue.TenantId is { } tenant ? new TenantInfo(tenant) : null,
            }, ProtocolJson.Options),
        }, cancellationToken);
        if (created.Id is not { Length: > 0 } threadId)
            throw new InvalidOperationException("The channel created a conversation without an id.");

        // The thread id ends with ";messageid=<root post id>" (PROTOCOL.md §4.5) when activityId is not given.
        var cardId = created.ActivityId ?? (threadId.Split(";messageid=") is [_, var root] ? root : null);
        var thread = new ConversationReference
        {
            ChannelId = Channels.MsTeams,
            ServiceUrl = created.ServiceUrl ?? queue.ServiceUrl,
            Bot = botAccount,
            Conversation = new ConversationAccount(threadId, isGroup: true, conversationType: "channel", tenantId: queue.TenantId),
            Locale = Language.ToLocale(language),
        };
        var duplicate = false;
        var stored = await requests.UpdateAsync(request.Id, current =>
        {
            // Another instance posted first while this one was posting: keep theirs, take ours back below.
            if (current.AgentThread is not null)
            {
                duplicate = true;
                return current;
            }
            return current with { AgentThread = thread, AgentCardActivityId = cardId };
        }, cancellationToken);
        if (duplicate && cardId is not null)
        {
            logger.LogWarning("Request {RequestId} already had a thread; deleting the duplicate post {ActivityId}", request.Id, cardId);
            await client.DeleteActivityAsync(threadId, cardId, cancellationToken);
        }
        logger.LogInformation("Request {RequestId} posted to the {Queue} channel as thread {ThreadId}", request.Id, request.Queue, threadId);
        return stored;
    }

    private string Line(AgentNotification notification, ServiceRequest request, string language)
    {
        var by = notification.By ?? request.Requester.Name ?? request.Requester.UserId;
        var key = $"agents.event.{notification.Event}";
        // Events written without text carry it on the request (StatusFlow's comment and remediation answer).
        var text = notification.Text ?? notification.Event switch
        {
            AgentNotification.Commented => request.Notes.LastOrDefault()?.Text,
            AgentNotification.RemediationAnswered when request.RemediationPlan is { PartnerAnswer: { } answer } plan =>
                (replies.TryText(language, $"form.remediationAnswer.answer.{answer}") ?? answer) + (plan.PartnerComment is { } comment ? $" · {comment}" : ""),
            _ => null,
        };
        return replies.TryText(language, key) is not null
            ? replies.Text(language, key, by, text ?? "")
            : replies.Text(language, "agents.event.other", by);
    }

    private ChannelAccount? BotAccount() =>
        bot.Value.AppId is { Length: > 0 } appId ? new ChannelAccount($"28:{appId}") : null;
}
