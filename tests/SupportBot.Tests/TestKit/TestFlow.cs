using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;
using SupportBot.Bot.Turn;

namespace SupportBot.Tests.TestKit;

/// <summary>
/// Runs a bot in process, the way the host does (same adapter, middleware and state), with an in-memory
/// connector that records what the bot sends. Build it with a bot and a storage; start flows with <see cref="Flow"/>.
/// </summary>
public sealed class TestAdapter : IConnectorClientFactory, IConnectorClient
{
    private readonly ConcurrentQueue<Activity> _replies = new();
    private readonly BotAdapter _adapter;
    private int _nextId;

    /// <param name="middleware">The middleware to run; by default only the error handler.</param>
    public TestAdapter(BotApplication bot, IStorage? storage = null, IServiceProvider? services = null, ITurnErrorReply? errorReply = null,
        IEnumerable<ITurnMiddleware>? middleware = null)
    {
        Storage = storage ?? new MemoryStorage();
        services ??= new ServiceCollection().BuildServiceProvider();
        _adapter = new BotAdapter(bot, new TurnStateStore(Storage), this,
            middleware ?? [new ErrorHandlerMiddleware(errorReply ?? new FixedErrorReply(), NullLogger<ErrorHandlerMiddleware>.Instance, new TurnStateStore(Storage))],
            services, NullLogger<BotAdapter>.Instance);
    }

    /// <summary>Everything sent, typing indicators included, in order.</summary>
    public List<Activity> AllSent { get; } = [];

    public IStorage Storage { get; }

    /// <summary>The conversation template every sent activity is based on (change channel, user, locale here).</summary>
    public Activity Template { get; set; } = new()
    {
        ChannelId = Channels.Test,
        ServiceUrl = "https://test.invalid/",
        From = new ChannelAccount("user1", "User"),
        Recipient = new ChannelAccount("bot", "Bot"),
        Conversation = new ConversationAccount("conversation1"),
        Locale = "en-US",
    };

    /// <summary>Every update the bot made to an earlier message.</summary>
    public List<Activity> Updates { get; } = [];

    public TestFlow Flow() => new(this);

    public async Task<TurnResult> ProcessAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        var incoming = activity.Clone();
        incoming.Id ??= $"in-{Interlocked.Increment(ref _nextId)}";
        incoming.Type ??= ActivityTypes.Message;
        incoming.ChannelId ??= Template.ChannelId;
        incoming.ServiceUrl ??= Template.ServiceUrl;
        incoming.From ??= Template.From;
        incoming.Recipient ??= Template.Recipient;
        incoming.Conversation ??= Template.Conversation;
        incoming.Locale ??= Template.Locale;
        return await _adapter.ProcessActivityAsync(incoming, cancellationToken);
    }

    public Task ContinueConversationAsync(ConversationReference reference, RouteHandler callback) =>
        _adapter.ContinueConversationAsync(reference, callback, CancellationToken.None);

    public bool TryDequeueReply(out Activity reply) => _replies.TryDequeue(out reply!);

    public IConnectorClient Create(string serviceUrl) => this;

    Task<ResourceResponse> IConnectorClient.SendToConversationAsync(string conversationId, Activity activity, CancellationToken cancellationToken) => Record(activity);

    Task<ResourceResponse> IConnectorClient.ReplyToActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) => Record(activity);

    Task<ResourceResponse> IConnectorClient.UpdateActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        lock (Updates) Updates.Add(activity);
        return Task.FromResult(new ResourceResponse(activityId));
    }

    Task IConnectorClient.DeleteActivityAsync(string conversationId, string activityId, CancellationToken cancellationToken) => Task.CompletedTask;

    Task<ConversationResourceResponse> IConnectorClient.CreateConversationAsync(ConversationParameters parameters, CancellationToken cancellationToken) =>
        Task.FromResult(new ConversationResourceResponse { Id = $"created-{Interlocked.Increment(ref _nextId)}" });

    Task<IReadOnlyList<ChannelAccount>> IConnectorClient.GetConversationMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChannelAccount>>([Template.From!]);

    private Task<ResourceResponse> Record(Activity activity)
    {
        var id = $"out-{Interlocked.Increment(ref _nextId)}";
        lock (AllSent) AllSent.Add(activity);
        if (!activity.IsType(ActivityTypes.Typing)) _replies.Enqueue(activity);
        return Task.FromResult(new ResourceResponse(id));
    }

    private sealed class FixedErrorReply : ITurnErrorReply
    {
        public Activity Create(TurnContext turn) => turn.Activity.CreateReply("error");

        public Activity EndAfterRepeatedFailure(TurnContext turn, TurnState saved)
        {
            saved.Conversation.Clear();
            return turn.Activity.CreateReply("error: ended");
        }
    }
}

/// <summary>
/// Transcript-style test, after Bot Framework's TestFlow: <c>Send</c> an activity, <c>AssertReply</c> what comes
/// back, in order. Steps run when the flow is awaited via <see cref="StartTestAsync"/>.
/// </summary>
public sealed class TestFlow(TestAdapter adapter)
{
    private readonly List<Func<Task>> _steps = [];

    public TestFlow Send(string text) => Send(new Activity { Type = ActivityTypes.Message, Text = text });

    public TestFlow Send(Activity activity)
    {
        _steps.Add(() => adapter.ProcessAsync(activity));
        return this;
    }

    /// <summary>The next reply's text must contain <paramref name="expected"/>.</summary>
    public TestFlow AssertReply(string expected) => AssertReply(reply =>
        Assert.True(reply.Text?.Contains(expected, StringComparison.Ordinal) == true,
            $"Expected a reply containing \"{expected}\", got \"{reply.Text}\" ({reply.Attachments?.Count ?? 0} attachments)."));

    public TestFlow AssertReply(Action<Activity> inspect)
    {
        _steps.Add(() =>
        {
            Assert.True(adapter.TryDequeueReply(out var reply), "Expected a reply, but the bot sent nothing more.");
            inspect(reply);
            return Task.CompletedTask;
        });
        return this;
    }

    public TestFlow AssertNoReply()
    {
        _steps.Add(() =>
        {
            var extra = adapter.TryDequeueReply(out var reply);
            Assert.False(extra, $"Expected no more replies, got \"{reply?.Text}\".");
            return Task.CompletedTask;
        });
        return this;
    }

    public async Task StartTestAsync()
    {
        foreach (var step in _steps) await step();
    }
}
