using SupportBot.Bot.Schema;

namespace SupportBot.Bot.State;

/// <summary>Loads conversation and user state before a turn and saves what changed after it.</summary>
public sealed class TurnStateStore(IStorage storage)
{
    public IStorage Storage { get; } = storage;

    // Key formats follow the Bot Framework SDK's ConversationState / UserState.
    public static string ConversationKey(Activity activity) =>
        $"{activity.ChannelId}/conversations/{activity.Conversation?.Id}";

    public static string UserKey(Activity activity) =>
        $"{activity.ChannelId}/users/{activity.From?.Id}";

    public async Task<TurnState> LoadAsync(Activity activity, CancellationToken cancellationToken)
    {
        string conversationKey = ConversationKey(activity), userKey = UserKey(activity);
        var items = await Storage.ReadAsync([conversationKey, userKey], cancellationToken);
        return new TurnState(
            new StateScope(conversationKey, items.GetValueOrDefault(conversationKey)),
            new StateScope(userKey, items.GetValueOrDefault(userKey)));
    }

    /// <summary>Saves changed scopes in one write; throws <see cref="StorageConcurrencyException"/> if another turn saved first.</summary>
    public async Task SaveAsync(TurnState state, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<string, StoreItem>(2, StringComparer.Ordinal);
        if (state.Conversation.ToStoreItem() is { } conversation) changes[state.Conversation.StorageKey] = conversation;
        if (state.User.ToStoreItem() is { } user) changes[state.User.StorageKey] = user;
        if (changes.Count == 0) return;
        var etags = await Storage.WriteAsync(changes, cancellationToken);
        if (changes.ContainsKey(state.Conversation.StorageKey)) state.Conversation.MarkSaved(etags[state.Conversation.StorageKey]);
        if (changes.ContainsKey(state.User.StorageKey)) state.User.MarkSaved(etags[state.User.StorageKey]);
    }
}

/// <summary>The state a turn works with: the conversation's and the user's, plus values that live only for the turn.</summary>
public sealed class TurnState(StateScope conversation, StateScope user)
{
    public StateScope Conversation { get; } = conversation;
    public StateScope User { get; } = user;
}
