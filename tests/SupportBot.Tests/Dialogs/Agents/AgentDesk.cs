using SupportBot.Recognition;
using SupportBot.Dialogs;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Agents;

/// <summary>
/// The bot with both agents' queues pointed at a <see cref="FakeConnector"/> (Kestrel on 127.0.0.1), a short outbox
/// poll, and no connector-level retries (so every 503 reaches the outbox). Drives it over HTTP as Teams and Web Chat do.
/// </summary>
public sealed class AgentDesk : IAsyncDisposable
{
    public const string Tenant = Activities.TeamsTenant;
    public const string HelpdeskTeam = "19:helpdesk-team@thread.skype";
    public const string HelpdeskChannel = "19:helpdesk-channel@thread.skype";
    public const string VianetTeam = "19:vianet-team@thread.skype";
    public const string VianetChannel = "19:vianet-channel@thread.skype";
    public const string ListedAgent = "29:listed-agent";
    public const string CustomerConversation = "webchat-conv-agents";

    private AgentDesk(FakeConnector connector, BotAppFactory app)
    {
        Connector = connector;
        App = app;
        Client = app.CreateClient();
    }

    public FakeConnector Connector { get; }
    public BotAppFactory App { get; }
    public HttpClient Client { get; }
    public IRequestStore Store => App.Services.GetRequiredService<IRequestStore>();

    public static AgentDesk Start(FakeConnector connector, string? databasePath = null, IDictionary<string, string?>? settings = null,
        bool configureVianetDesk = true, CapturedLogs? logs = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Support:Queues:PartnerHelpdesk:TeamId"] = HelpdeskTeam,
            ["Support:Queues:PartnerHelpdesk:ChannelId"] = HelpdeskChannel,
            ["Support:Queues:PartnerHelpdesk:ServiceUrl"] = connector.ServiceUrl,
            ["Support:Queues:PartnerHelpdesk:TenantId"] = Tenant,
            ["Support:Queues:PartnerHelpdesk:AgentUserIds:0"] = ListedAgent,
            ["Outbox:PollInterval"] = "00:00:00.050",
            ["Outbox:BaseBackoff"] = "00:00:00.050",
            ["Outbox:MaxBackoff"] = "00:00:00.200",
            ["Connector:MaxAttempts"] = "1",
        };
        if (configureVianetDesk)
        {
            all["Support:Queues:VianetDesk:TeamId"] = VianetTeam;
            all["Support:Queues:VianetDesk:ChannelId"] = VianetChannel;
            all["Support:Queues:VianetDesk:ServiceUrl"] = connector.ServiceUrl;
            all["Support:Queues:VianetDesk:TenantId"] = Tenant;
            all["Support:Queues:VianetDesk:Language"] = "ja";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new AgentDesk(connector, new BotAppFactory(all, databasePath, logs));
    }

    /// <summary>A web chat customer files a service request through the real form; returns the stored request.</summary>
    public async Task<ServiceRequest> FileThroughTheFormAsync()
    {
        // "Talk to a person" starts a live chat now; a customer's Partner Center topic leads to the service request form.
        var topic = Activities.WebChatMessage("", Connector.ServiceUrl, conversationId: CustomerConversation);
        topic.Text = null;
        topic.Value = System.Text.Json.JsonSerializer.SerializeToElement(new Topic(Topic.Intent, Intents.PartnerCenterIssue).ToData());
        await PostAsync(topic);
        var form = await WaitForAsync(() => CustomerMessages().LastOrDefault(m => m.Visible().Contains("Service request to your partner's helpdesk")));
        var submit = ReplyReading.Submit(form.FormSubmit(), ValidServiceRequest());
        var message = Activities.WebChatMessage("", Connector.ServiceUrl, conversationId: CustomerConversation);
        message.Text = null;
        message.Value = submit.Value;
        await PostAsync(message);
        await WaitForAsync(() => CustomerMessages().FirstOrDefault(m => m.Visible().Contains("received")));
        return Assert.Single(await Store.ListByRequesterAsync(Channels.WebChat, "dl_webchat-user"));
    }

    /// <summary>Files a request straight into the store with what the form flow writes with it (no chat replies involved).</summary>
    public async Task<ServiceRequest> FileDirectlyAsync(string submissionId, AgentQueue queue = AgentQueue.PartnerHelpdesk, params string[] requesterUpdates)
    {
        var filed = await Store.FileAsync(new NewRequest
        {
            SubmissionId = submissionId,
            Kind = queue == AgentQueue.VianetDesk ? RequestKind.PartnerCenterRequest : RequestKind.ServiceRequest,
            Queue = queue,
            Requester = new Requester
            {
                ChannelId = Channels.WebChat,
                UserId = "dl_webchat-user",
                Name = "Li Wei",
                Role = "customer",
                Organisation = "Contoso",
                Language = "en",
                Conversation = Activities.WebChatMessage("", Connector.ServiceUrl, conversationId: CustomerConversation).GetConversationReference(),
            },
            Title = $"Request {submissionId}",
            Severity = "moderate",
            Form = new Dictionary<string, string> { ["title"] = $"Request {submissionId}", ["description"] = "Mail stopped.", ["category"] = "technical" },
        }, request =>
        [
            OutboxMessage.Create(OutboxKinds.AgentNotification, request.Id, new AgentNotification(request.Id, AgentNotification.Created), DateTimeOffset.UtcNow),
            .. requesterUpdates.Select(@event => OutboxMessage.Create(OutboxKinds.RequesterUpdate, request.Id, new RequesterUpdate(request.Id, @event, By: "Agent Smith"), DateTimeOffset.UtcNow)),
        ]);
        return filed.Request;
    }

    public static Dictionary<string, string> ValidServiceRequest() => SampleForms.ServiceRequest();

    public async Task PostAsync(Activity activity)
    {
        var response = await Client.PostAsJsonAsync("/api/messages", activity, ProtocolJson.Options);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/messages answered {(int)response.StatusCode}");
    }

    /// <summary>An agent presses a card button in Teams: an adaptiveCard/action invoke from the channel thread; returns the invoke response body.</summary>
    public async Task<JsonElement> InvokeAsync(string verb, ServiceRequest request, string userId = "29:agent-smith", string? teamId = HelpdeskTeam,
        IDictionary<string, string>? data = null, string? threadId = null)
    {
        var merged = new Dictionary<string, string>(data ?? new Dictionary<string, string>()) { ["requestId"] = request.Id };
        var invoke = TeamsChannelActivity(userId, teamId, threadId ?? request.AgentThread?.Conversation?.Id ?? $"{HelpdeskChannel};messageid=1");
        invoke.Type = ActivityTypes.Invoke;
        invoke.Name = "adaptiveCard/action";
        invoke.Value = JsonSerializer.SerializeToElement(new
        {
            action = new { type = "Action.Execute", verb, data = merged },
            trigger = "manual",
        });
        var response = await Client.PostAsJsonAsync("/api/messages", invoke, ProtocolJson.Options);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The activity as a message that @mentions the bot, as Teams sends it from a channel.</summary>
    public static Activity Mentioning(Activity activity, string text, string locale)
    {
        activity.Text = $"<at>SupportBot</at> {text}";
        activity.Locale = locale;
        activity.Entities = [Entity.From(new Mention { Mentioned = activity.Recipient, Text = "<at>SupportBot</at>" })];
        return activity;
    }

    public Activity TeamsChannelActivity(string userId, string? teamId, string conversationId, string? channelId = null) => new()
    {
        Type = ActivityTypes.Message,
        Id = Guid.NewGuid().ToString("N"),
        ServiceUrl = Connector.ServiceUrl,
        ChannelId = Channels.MsTeams,
        From = new ChannelAccount(userId, userId == ListedAgent ? "Listed Agent" : "Agent Smith") { AadObjectId = Guid.NewGuid().ToString() },
        Recipient = new ChannelAccount($"28:{Activities.BotAppId}", "SupportBot"),
        Conversation = new ConversationAccount(conversationId, isGroup: true, conversationType: "channel", tenantId: Tenant),
        Locale = "en-US",
        ChannelData = teamId is null
            ? JsonSerializer.SerializeToElement(new { tenant = new { id = Tenant } })
            : JsonSerializer.SerializeToElement(new { tenant = new { id = Tenant }, team = new { id = teamId }, channel = new { id = channelId ?? conversationId.Split(';')[0] } }),
    };

    public IReadOnlyList<Activity> CustomerMessages() => MessagesIn(CustomerConversation);

    /// <summary>Posts to the requester's web chat conversation, in order.</summary>
    public IReadOnlyList<Activity> MessagesIn(string conversationId) =>
        Connector.Calls.Where(c => c.Method == "POST" && c.ConversationId is { } id && Uri.UnescapeDataString(id) == conversationId && c.Activity is { } a && a.IsType(ActivityTypes.Message))
            .Select(c => c.Activity!).ToList();

    public IReadOnlyList<ConnectorCall> ChannelPosts() => Connector.Calls.Where(c => c.Parameters is not null).ToList();

    public IReadOnlyList<ConnectorCall> Updates(string activityId) => Connector.Calls.Where(c => c.Method == "PUT" && c.ActivityId == activityId).ToList();

    public async Task<ServiceRequest> WaitForRequestAsync(string id, Func<ServiceRequest, bool> condition) =>
        await WaitForAsync(async () => await Store.GetAsync(id) is { } request && condition(request) ? request : null);

    public async Task<JsonElement> HealthAsync() => await Client.GetFromJsonAsync<JsonElement>("/healthz");

    /// <summary>Waits until the outbox has nothing pending (everything sent or failed).</summary>
    public async Task WaitForOutboxDrainedAsync() =>
        await WaitForAsync(async () => (await Store.CountOutboxAsync()).Pending == 0 ? "drained" : null);

    public static Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan? timeout = null) where T : class =>
        WaitForAsync(() => Task.FromResult(probe()), timeout);

    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The expected state was not reached in time.");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>A test class with its own fake connector and <see cref="AgentDesk"/>, started before and stopped after each test.</summary>
public abstract class AgentDeskTest(CapturedLogs? logs = null) : IAsyncLifetime
{
    protected FakeConnector Connector { get; private set; } = null!;
    protected AgentDesk Desk { get; private set; } = null!;

    /// <summary>Every log line of the app, when the test class asked for them.</summary>
    protected CapturedLogs Logs => logs ?? throw new InvalidOperationException("This test class captures no logs.");

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        Desk = AgentDesk.Start(Connector, logs: logs);
    }

    public async Task DisposeAsync()
    {
        await Desk.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
