using Microsoft.Extensions.Logging;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;
using SupportBot.Bot.Logging;

namespace SupportBot.Bot.Turn;

/// <summary>What the inbound HTTP call answers with once the turn is done.</summary>
public sealed record TurnResult(InvokeResponse? InvokeResponse, ExpectedReplies? Replies);

/// <summary>
/// Runs turns: picks where replies go, serialises turns of one conversation, loads state, runs the middleware
/// and the bot, saves state. Also starts proactive turns from a stored <see cref="ConversationReference"/>.
/// </summary>
public sealed class BotAdapter(
    BotApplication bot,
    TurnStateStore stateStore,
    IConnectorClientFactory connectors,
    IEnumerable<ITurnMiddleware> middleware,
    IServiceProvider services,
    ILogger<BotAdapter> logger,
    ISharedConversationLock? sharedLock = null)
{
    private readonly MiddlewareChain _middleware = new(middleware);
    private readonly KeyedLock _conversationLocks = new();

    public Task<TurnResult> ProcessActivityAsync(Activity activity, CancellationToken cancellationToken) =>
        ProcessActivityAsync(activity, connector: null, cancellationToken);

    /// <summary>
    /// Runs a turn whose replies go to <paramref name="connector"/> (a channel in this process that started the turn)
    /// instead of the one the factory picks for the activity's serviceUrl.
    /// </summary>
    public async Task<TurnResult> ProcessActivityAsync(Activity activity, IConnectorClient? connector, CancellationToken cancellationToken)
    {
        var expectReplies = activity.DeliveryMode == DeliveryModes.ExpectReplies;
        ITurnChannel channel = expectReplies
            ? new BufferedTurnChannel()
            : new ConnectorTurnChannel(connector ?? connectors.Create(activity.ServiceUrl ?? string.Empty));

        var turn = await RunTurnAsync(activity, channel, bot.OnTurnAsync, cancellationToken);

        var replies = channel is BufferedTurnChannel buffer ? new ExpectedReplies { Activities = buffer.Activities } : null;
        return new TurnResult(turn.InvokeResponse, replies);
    }

    /// <summary>Runs <paramref name="callback"/> as a turn in a stored conversation (proactive message).</summary>
    public async Task ContinueConversationAsync(ConversationReference reference, RouteHandler callback, CancellationToken cancellationToken)
    {
        var activity = new Activity { Type = ActivityTypes.Event, Name = "ContinueConversation" }
            .ApplyConversationReference(reference, isIncoming: true);
        activity.Id = null;
        var channel = new ConnectorTurnChannel(connectors.Create(reference.ServiceUrl ?? string.Empty));
        await RunTurnAsync(activity, channel, (turn, ct) => callback(turn, ct), cancellationToken, handleErrors: false);
    }

    private async Task<TurnContext> RunTurnAsync(Activity activity, ITurnChannel channel,
        Func<TurnContext, CancellationToken, Task> handler, CancellationToken cancellationToken, bool handleErrors = true)
    {
        var conversationKey = TurnStateStore.ConversationKey(activity);
        using var conversationLock = await _conversationLocks.AcquireAsync(conversationKey, cancellationToken);
        await using var acrossInstances = sharedLock is null ? null : await sharedLock.AcquireAsync(conversationKey, cancellationToken);
        var state = await stateStore.LoadAsync(activity, cancellationToken);
        var turn = new TurnContext(activity, channel, state, services);

        async Task RunBotAndSave(TurnContext t, CancellationToken ct)
        {
            await handler(t, ct);
            await stateStore.SaveAsync(t.State, ct);
        }

        if (handleErrors) await _middleware.RunAsync(turn, RunBotAndSave, cancellationToken);
        else await RunBotAndSave(turn, cancellationToken);
        if (logger.IsEnabled(LogLevel.Trace)) logger.LogTrace("Turn done for {ConversationId}", LogValue.Quote(activity.Conversation?.Id));
        return turn;
    }

    /// <summary>Replies through the Connector: a reply when threaded to an activity, else a send to the conversation.</summary>
    private sealed class ConnectorTurnChannel(IConnectorClient client) : ITurnChannel
    {
        public Task<ResourceResponse> SendAsync(Activity activity, CancellationToken cancellationToken)
        {
            var conversationId = activity.Conversation?.Id ?? string.Empty;
            return activity.ReplyToId is { Length: > 0 } replyToId && !activity.IsType(ActivityTypes.Typing)
                ? client.ReplyToActivityAsync(conversationId, replyToId, activity, cancellationToken)
                : client.SendToConversationAsync(conversationId, activity, cancellationToken);
        }

        public Task<ResourceResponse> UpdateAsync(Activity activity, CancellationToken cancellationToken) =>
            client.UpdateActivityAsync(activity.Conversation?.Id ?? string.Empty, activity.Id!, activity, cancellationToken);

        public Task DeleteAsync(string conversationId, string activityId, CancellationToken cancellationToken) =>
            client.DeleteActivityAsync(conversationId, activityId, cancellationToken);

        public Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(string conversationId, CancellationToken cancellationToken) =>
            client.GetConversationMembersAsync(conversationId, cancellationToken);
    }

    /// <summary>Collects replies for <c>deliveryMode: expectReplies</c>; they go back in the HTTP body.</summary>
    private sealed class BufferedTurnChannel : ITurnChannel
    {
        public List<Activity> Activities { get; } = [];

        public Task<ResourceResponse> SendAsync(Activity activity, CancellationToken cancellationToken)
        {
            lock (Activities) Activities.Add(activity);
            return Task.FromResult(new ResourceResponse());
        }

        // The caller has no earlier message to change; the new version simply follows.
        public Task<ResourceResponse> UpdateAsync(Activity activity, CancellationToken cancellationToken) => SendAsync(activity, cancellationToken);

        public Task DeleteAsync(string conversationId, string activityId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(string conversationId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ChannelAccount>>([]);
    }
}

/// <summary>One async lock per key, released and forgotten when nobody holds or waits for it.</summary>
internal sealed class KeyedLock
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!)) _entries[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }
        return new Releaser(() => Release(key, entry, held: true));
    }

    private void Release(string key, Entry entry, bool held)
    {
        if (held) entry.Semaphore.Release();
        lock (_entries)
            if (--entry.Users == 0) _entries.Remove(key);
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int Users { get; set; }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;
        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
