using System.Text.Json;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;

namespace SupportBot.Requests.Privacy;

/// <summary>Everything the bot keeps about one person (PIPL arts. 45 and 47: a copy on request, deletion on request).</summary>
public sealed record PersonalDataExport
{
    public required string UserId { get; init; }
    public required DateTimeOffset ExportedAt { get; init; }
    /// <summary>Their requests, each with its form, notes, history, live chat and rating.</summary>
    public required IReadOnlyList<ServiceRequest> Requests { get; init; }
    /// <summary>Messages about their requests waiting to be (or already) sent.</summary>
    public required IReadOnlyList<OutboxMessage> Outbox { get; init; }
    /// <summary>The bot's user state and one-to-one conversation state of them, by storage key.</summary>
    public required IReadOnlyDictionary<string, JsonElement> State { get; init; }
    /// <summary>Their embedded Direct Line conversations and transcripts.</summary>
    public required IReadOnlyList<StoredConversation> DirectLine { get; init; }
}

/// <summary>How much <see cref="PersonalDataRecords.DeleteAsync"/> removed.</summary>
public sealed record PersonalDataDeletion(int Requests, int StateItems, int DirectLineConversations);

/// <summary>
/// Finds, exports and deletes one person's data across the stores: requests (with notes and history) and their
/// outbox rows, user and conversation state, and embedded Direct Line conversations with their transcripts.
/// A person is their channel user id (<c>29:…</c> in Teams, <c>dl_…</c> in the web chat). Not reachable from here:
/// the agents' Teams threads (they live in Teams) and what was filed with Partner Center.
/// </summary>
public sealed class PersonalDataRecords(IRequestStore requests, IStorage storage, DirectLineConversationStore directLine, TimeProvider clock)
{
    // User state is keyed per channel; these are the channels the bot serves (PROTOCOL.md §1.2 channelId).
    private static readonly string[] KnownChannels = [Channels.MsTeams, Channels.DirectLine, Channels.WebChat, Channels.Emulator];

    public async Task<PersonalDataExport> ExportAsync(string userId, CancellationToken cancellationToken)
    {
        var (filed, conversations, stateKeys) = await FindAsync(userId, cancellationToken);
        var outbox = new List<OutboxMessage>();
        foreach (var request in filed) outbox.AddRange(await requests.OutboxOfRequestAsync(request.Id, cancellationToken));
        var state = await storage.ReadAsync(stateKeys, cancellationToken);
        return new PersonalDataExport
        {
            UserId = userId,
            ExportedAt = clock.GetUtcNow(),
            Requests = filed,
            Outbox = outbox,
            State = state.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value.Value),
            DirectLine = conversations,
        };
    }

    public async Task<PersonalDataDeletion> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        var (filed, conversations, stateKeys) = await FindAsync(userId, cancellationToken);
        var present = await storage.ReadAsync(stateKeys, cancellationToken);
        foreach (var request in filed) await requests.DeleteAsync(request.Id, cancellationToken);
        foreach (var conversation in conversations) await directLine.DeleteAsync(conversation.ConversationId, cancellationToken);
        await storage.DeleteAsync(stateKeys, cancellationToken);
        return new PersonalDataDeletion(filed.Count, present.Count, conversations.Count);
    }

    private async Task<(IReadOnlyList<ServiceRequest> Requests, IReadOnlyList<StoredConversation> Conversations, List<string> StateKeys)> FindAsync(
        string userId, CancellationToken cancellationToken)
    {
        var filed = await requests.ListByUserAsync(userId, cancellationToken);
        var conversations = await directLine.OfUserAsync(userId, cancellationToken);
        var channels = KnownChannels.Concat(filed.Select(r => r.Requester.ChannelId)).Distinct(StringComparer.Ordinal);
        var keys = channels.Select(channel => TurnStateStore.UserKey(new Activity { ChannelId = channel, From = new ChannelAccount(userId) })).ToList();
        // Their own conversations' state; a group chat or a channel is shared with others and stays.
        keys.AddRange(filed.Select(r => r.Requester.Conversation)
            .Where(reference => reference.Conversation is { Id: not null, IsGroup: not true })
            .Select(reference => TurnStateStore.ConversationKey(new Activity { ChannelId = reference.ChannelId, Conversation = reference.Conversation })));
        keys.AddRange(conversations.Select(c => TurnStateStore.ConversationKey(new Activity { ChannelId = Channels.DirectLine, Conversation = new ConversationAccount(c.ConversationId) })));
        return (filed, conversations, keys.Distinct(StringComparer.Ordinal).ToList());
    }
}
