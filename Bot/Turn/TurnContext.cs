using SupportBot.Bot.Schema;
using SupportBot.Bot.State;

namespace SupportBot.Bot.Turn;

/// <summary>Where the activities a turn produces go: the Connector, the expectReplies buffer, or an in-process channel.</summary>
public interface ITurnChannel
{
    Task<ResourceResponse> SendAsync(Activity activity, CancellationToken cancellationToken);
    Task<ResourceResponse> UpdateAsync(Activity activity, CancellationToken cancellationToken);
    Task DeleteAsync(string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary>The conversation's members as the channel describes them (PROTOCOL.md §2: GET …/members); empty where there is no channel to ask.</summary>
    Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(string conversationId, CancellationToken cancellationToken);
}

/// <summary>One turn: the incoming activity, the state loaded for it, and the way to answer.</summary>
public sealed class TurnContext
{
    private readonly ITurnChannel _channel;
    private readonly List<Activity> _sent = [];
    private readonly Dictionary<Type, TurnValue> _values = [];

    public TurnContext(Activity activity, ITurnChannel channel, TurnState state, IServiceProvider services)
    {
        Activity = activity;
        _channel = channel;
        State = state;
        Services = services;
    }

    public Activity Activity { get; }
    public TurnState State { get; }
    public IServiceProvider Services { get; }

    /// <summary>Everything sent in this turn, in order.</summary>
    public IReadOnlyList<Activity> SentActivities => _sent;

    /// <summary>True once a message (not a typing indicator) was sent.</summary>
    public bool Responded { get; private set; }

    /// <summary>The answer to an invoke; returned in the HTTP body of the inbound POST.</summary>
    public InvokeResponse? InvokeResponse { get; set; }

    /// <summary>Raised before each send, e.g. so the typing indicator stops once the bot has answered.</summary>
    public event Action<Activity>? Sending;

    public Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default) =>
        SendActivityAsync(Activity.CreateReply(text), cancellationToken);

    public async Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        Address(activity);
        Sending?.Invoke(activity);
        var response = await _channel.SendAsync(activity, cancellationToken);
        activity.Id ??= response.Id;
        lock (_sent) _sent.Add(activity);
        if (!activity.IsType(ActivityTypes.Typing) && !activity.IsType(ActivityTypes.Trace)) Responded = true;
        return response;
    }

    public async Task SendActivitiesAsync(IEnumerable<Activity> activities, CancellationToken cancellationToken = default)
    {
        foreach (var activity in activities) await SendActivityAsync(activity, cancellationToken);
    }

    /// <summary>Replaces a message sent earlier (the <c>id</c> of <paramref name="activity"/> names it).</summary>
    public Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(activity.Id);
        Address(activity);
        return _channel.UpdateAsync(activity, cancellationToken);
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default) =>
        _channel.DeleteAsync(Activity.Conversation?.Id ?? string.Empty, activityId, cancellationToken);

    /// <summary>The members of this turn's conversation, as the channel gives them (Teams adds email and userPrincipalName).</summary>
    public Task<IReadOnlyList<ChannelAccount>> GetConversationMembersAsync(CancellationToken cancellationToken = default) =>
        _channel.GetMembersAsync(Activity.Conversation?.Id ?? string.Empty, cancellationToken);

    /// <summary>A value that lives only for this turn, keyed by its type.</summary>
    public T? Get<T>() where T : class => _values.TryGetValue(typeof(T), out var value) && value is TurnValue<T> typed ? typed.Value : null;

    public void Set<T>(T value) where T : class => _values[typeof(T)] = new TurnValue<T>(value);

    private void Address(Activity activity)
    {
        var reply = Activity.CreateReply();
        activity.Type ??= ActivityTypes.Message;
        activity.ChannelId ??= reply.ChannelId;
        activity.ServiceUrl ??= reply.ServiceUrl;
        activity.Conversation ??= reply.Conversation;
        activity.From ??= reply.From;
        activity.Recipient ??= reply.Recipient;
        activity.Locale ??= reply.Locale;
        if (activity.IsType(ActivityTypes.Message)) activity.ReplyToId ??= reply.ReplyToId;
    }

    private abstract class TurnValue;

    private sealed class TurnValue<T>(T value) : TurnValue
    {
        public T Value { get; } = value;
    }
}
