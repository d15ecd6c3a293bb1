using SupportBot.Notifications;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs;
using SupportBot.Dialogs.Agents;
using SupportBot.Requests;

namespace SupportBot.Tests.TestKit;

/// <summary>
/// What the agents' side does to a request, done by hand for the requester-side tests: take, ask, resolve through
/// <see cref="IRequestStore"/> with their outbox messages, and a stand-in for the outbox sender that delivers
/// requester updates in a proactive turn through the app's <see cref="IRequesterUpdateRenderer"/>s.
/// </summary>
public sealed class AgentSide(IServiceProvider services, Func<ConversationReference, RouteHandler, Task> continueConversation)
{
    public const string AgentName = "Alex Chen";
    public const string AgentsChannel = "19:agents-partner-helpdesk@thread.tacv2";

    private IRequestStore Store => services.GetRequiredService<IRequestStore>();

    /// <summary>For a harness: proactive turns run on its <see cref="TestAdapter"/>.</summary>
    public static AgentSide For(SupportBotHarness bot) => new(bot.Services, bot.Adapter.ContinueConversationAsync);

    /// <summary>For the hosted app: proactive turns go through its own adapter and connector client.</summary>
    public static AgentSide For(BotAppFactory app)
    {
        var adapter = app.Services.GetRequiredService<BotAdapter>();
        return new(app.Services, (reference, callback) => adapter.ContinueConversationAsync(reference, callback, CancellationToken.None));
    }

    /// <summary>The request's thread in the agents' channel, as the agents' side stores it once the card is posted.</summary>
    public static ConversationReference Thread(string serviceUrl, string rootId = "1700000000001") => new()
    {
        ChannelId = Channels.MsTeams,
        ServiceUrl = serviceUrl,
        Bot = new ChannelAccount("28:bot-app-id", "SupportBot"),
        Conversation = new ConversationAccount($"{AgentsChannel};messageid={rootId}", isGroup: true, conversationType: "channel", tenantId: "agents-tenant"),
    };

    /// <summary>An agent takes the request: assigned, in progress, and the requester hears that they joined.</summary>
    public Task<ServiceRequest> TakeAsync(string id, ConversationReference thread) => Store.UpdateAsync(id, request => new RequestUpdate(
        RequestLifecycle.Move(request, RequestStatus.InProgress, AgentName, DateTimeOffset.UtcNow) with { AssignedTo = AgentName, AgentThread = thread, AgentCardActivityId = "card-1" },
        [OutboxMessage.Create(OutboxKinds.RequesterUpdate, id, new RequesterUpdate(id, RequesterUpdate.AgentJoined, By: AgentName), DateTimeOffset.UtcNow)]));

    /// <summary>An agent asks a question: waiting on the requester, and the question delivered with <see cref="PendingQuestion"/> set.</summary>
    public async Task AskAsync(string id, string question)
    {
        var request = await Store.UpdateAsync(id, current => RequestLifecycle.Move(current, RequestStatus.WaitingOnRequester, AgentName, DateTimeOffset.UtcNow));
        await continueConversation(request.Requester.Conversation, async (turn, ct) =>
        {
            PendingQuestion.Set(turn, id, question);
            await turn.SendActivityAsync($"{AgentName} asks about {id}: {question}", ct);
        });
    }

    public Task<ServiceRequest> ResolveAsync(string id) =>
        Store.UpdateAsync(id, current => RequestLifecycle.Move(current, RequestStatus.Resolved, AgentName, DateTimeOffset.UtcNow, "Cleared the browser cache."));

    /// <summary>
    /// Sends what is due, as the outbox worker would: requester updates as proactive messages in the requester's
    /// conversation; agent notifications are returned (the channel side is not under test here). All marked sent.
    /// </summary>
    public async Task<List<AgentNotification>> DeliverOutboxAsync()
    {
        var renderers = services.GetServices<IRequesterUpdateRenderer>().ToList();
        var notifications = new List<AgentNotification>();
        foreach (var message in await Store.DueOutboxAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100))
        {
            if (message.Kind == OutboxKinds.RequesterUpdate)
            {
                var update = message.Payload.Deserialize<RequesterUpdate>(ProtocolJson.Options)!;
                var request = (await Store.GetAsync(update.RequestId))!;
                var activity = renderers.Single(r => r.Events.Contains(update.Event)).Render(request, update, request.Requester.Language);
                await continueConversation(request.Requester.Conversation, async (turn, ct) => await turn.SendActivityAsync(activity, ct));
            }
            else if (message.Kind == OutboxKinds.AgentNotification)
            {
                notifications.Add(message.Payload.Deserialize<AgentNotification>(ProtocolJson.Options)!);
            }
            await Store.SaveOutboxAsync(message with { Status = OutboxStatus.Sent });
        }
        return notifications;
    }

    /// <summary>A Teams channel message from the agent in <paramref name="thread"/>, @mentioning the bot.</summary>
    public static Activity ThreadMessage(ConversationReference thread, string text, string agentName = AgentName) => new()
    {
        Type = ActivityTypes.Message,
        Id = $"thread-msg-{Guid.NewGuid():N}",
        ChannelId = Channels.MsTeams,
        ServiceUrl = thread.ServiceUrl,
        From = new ChannelAccount("29:agent-alex", agentName),
        Recipient = thread.Bot,
        Conversation = thread.Conversation,
        Locale = "en-US",
        Text = $"<at>SupportBot</at> {text}",
        Entities = [Entity.From(new Mention { Mentioned = new ChannelAccount(thread.Bot!.Id!, "SupportBot"), Text = "<at>SupportBot</at>" })],
        ChannelData = JsonSerializer.SerializeToElement(new
        {
            tenant = new { id = "agents-tenant" },
            team = new { id = "19:agents-team@thread.tacv2" },
            channel = new { id = AgentsChannel },
        }),
    };
}
