using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// One embedded Direct Line conversation: its user, its activity log (the last N activities, numbered by watermark)
/// and the one WebSocket that may be reading it. Mutable state is guarded by <see cref="_gate"/>; appends are
/// serialised by <see cref="_appendLock"/> so watermarks, storage and the socket see the same order.
/// </summary>
public sealed class DirectLineConversation
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _appendLock = new(1, 1);
    private readonly LinkedList<LoggedActivity> _log = new();
    private DirectLineStreamSession? _stream;

    internal DirectLineConversation(string id, ConversationRecord record, IEnumerable<LoggedActivity> log, DateTimeOffset now)
    {
        Id = id;
        Record = record;
        foreach (var entry in log.OrderBy(e => e.Sequence)) _log.AddLast(entry);
        LastUsed = now;
    }

    public string Id { get; }

    public string UserId => Record.UserId;

    internal ConversationRecord Record { get; private set; }

    internal DateTimeOffset LastUsed { get; private set; }

    internal bool HasStream { get { lock (_gate) return _stream is not null; } }

    internal void Touch(DateTimeOffset now) { lock (_gate) LastUsed = now; }

    internal SemaphoreSlim AppendLock => _appendLock;

    internal void SetRecord(ConversationRecord record) { lock (_gate) Record = record; }

    /// <summary>Activities after <paramref name="watermark"/> that clients may see, and the watermark to ask with next.</summary>
    public (IReadOnlyList<Activity> Activities, long Watermark) ReadSince(long watermark)
    {
        lock (_gate)
        {
            var activities = _log.Where(e => e.Sequence > watermark && IsVisibleToClients(e.Activity)).Select(e => e.Activity).ToList();
            return (activities, Math.Max(watermark, Record.LastSequence));
        }
    }

    /// <summary>
    /// Adds a numbered activity to the log, advances the watermark and pushes it to the socket, all under the gate so
    /// no reader ever sees a watermark ahead of the log; returns the sequence that fell off the log, if any.
    /// </summary>
    internal long? AppendAndPublish(LoggedActivity entry, ConversationRecord record, int capacity)
    {
        lock (_gate)
        {
            Record = record;
            _log.AddLast(entry);
            long? dropped = null;
            while (_log.Count > capacity)
            {
                dropped = _log.First!.Value.Sequence;
                _log.RemoveFirst();
            }
            if (IsVisibleToClients(entry.Activity)) _stream?.Publish([entry.Activity], entry.Sequence);
            return dropped;
        }
    }

    /// <summary>Replaces a logged activity (an update by the bot) and pushes the new version; false if unknown.</summary>
    internal LoggedActivity? Replace(string activityId, Activity activity)
    {
        lock (_gate)
        {
            for (var node = _log.First; node is not null; node = node.Next)
            {
                if (node.Value.Activity.Id != activityId) continue;
                node.Value = node.Value with { Activity = activity };
                _stream?.Publish([activity], Record.LastSequence);
                return node.Value;
            }
            return null;
        }
    }

    internal LoggedActivity? Remove(string activityId)
    {
        lock (_gate)
        {
            for (var node = _log.First; node is not null; node = node.Next)
            {
                if (node.Value.Activity.Id != activityId) continue;
                _log.Remove(node);
                return node.Value;
            }
            return null;
        }
    }

    /// <summary>Typing goes to the socket only: it is never logged nor polled (PROTOCOL.md §6.3).</summary>
    internal void PublishTransient(Activity activity)
    {
        lock (_gate) _stream?.Publish([activity], null);
    }

    /// <summary>
    /// Attaches the conversation's socket and queues the backlog after <paramref name="watermark"/> atomically. False
    /// if a live socket is already attached; one not heard from since <paramref name="silentSince"/> (DirectLineJS pings
    /// every 20 s) is taken for dead and replaced, so a client reconnecting after a network drop is not locked out.
    /// </summary>
    internal bool TryAttach(DirectLineStreamSession session, long watermark, DateTimeOffset silentSince)
    {
        lock (_gate)
        {
            if (_stream is not null)
            {
                if (_stream.LastHeard >= silentSince) return false;
                _stream.Replace();
            }
            _stream = session;
            var (backlog, next) = ReadSince(watermark);
            if (backlog.Count > 0) session.Publish(backlog, next);
            return true;
        }
    }

    internal void Detach(DirectLineStreamSession session)
    {
        lock (_gate)
            if (ReferenceEquals(_stream, session)) _stream = null;
    }

    // conversationUpdate is never sent to clients (PROTOCOL.md §6.3).
    private static bool IsVisibleToClients(Activity activity) => !activity.IsType(ActivityTypes.ConversationUpdate);
}

/// <summary>An activity and its place in the conversation's log (its watermark).</summary>
public sealed record LoggedActivity(long Sequence, Activity Activity);

/// <summary>What is stored about a conversation besides its activities.</summary>
public sealed record ConversationRecord(string UserId, string? Locale, bool Started, long LastSequence, DateTimeOffset CreatedAt);

/// <summary>
/// The embedded endpoint's conversations. Live ones are in memory (with their socket); every conversation and the
/// last <see cref="EmbeddedDirectLineOptions.MaxActivitiesPerConversation"/> activities are also written to
/// <see cref="IStorage"/> as they happen, so after a restart or an idle eviction a page can reconnect with its token
/// and a stored conversation reference can still deliver proactive messages.
/// </summary>
public sealed class DirectLineConversationStore(IStorage storage, IOptions<DirectLineOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _live = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loadLock = new(1, 1);

    private EmbeddedDirectLineOptions Settings => options.Value.Embedded;

    internal int LiveCount => _live.Count;

    /// <summary>The conversation, from memory or storage; null if it never existed.</summary>
    public async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(conversationId, out var live))
        {
            live.Touch(clock.GetUtcNow());
            return live;
        }
        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (_live.TryGetValue(conversationId, out live)) return live;
            var loaded = await LoadAsync(conversationId, cancellationToken);
            return loaded is null ? null : _live.GetOrAdd(conversationId, loaded);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>The conversation a token names, created (and stored) on first use.</summary>
    public async Task<DirectLineConversation> GetOrCreateAsync(string conversationId, string userId, string? locale, CancellationToken cancellationToken)
    {
        if (await FindAsync(conversationId, cancellationToken) is { } existing) return existing;
        var record = new ConversationRecord(userId, locale, Started: false, LastSequence: 0, clock.GetUtcNow());
        await storage.WriteAsync(new Dictionary<string, StoreItem> { [RecordKey(conversationId)] = new(ProtocolJson.ToElement(record), StoreItem.AnyETag) }, cancellationToken);
        return _live.GetOrAdd(conversationId, new DirectLineConversation(conversationId, record, [], clock.GetUtcNow()));
    }

    /// <summary>Marks the conversation started (its conversationUpdate was sent); false if it already was.</summary>
    public async Task<bool> TryMarkStartedAsync(DirectLineConversation conversation, string? locale, CancellationToken cancellationToken)
    {
        await conversation.AppendLock.WaitAsync(cancellationToken);
        try
        {
            if (conversation.Record.Started) return false;
            var record = conversation.Record with { Started = true, Locale = locale ?? conversation.Record.Locale };
            await storage.WriteAsync(new Dictionary<string, StoreItem> { [RecordKey(conversation.Id)] = new(ProtocolJson.ToElement(record), StoreItem.AnyETag) }, cancellationToken);
            conversation.SetRecord(record);
            return true;
        }
        finally
        {
            conversation.AppendLock.Release();
        }
    }

    /// <summary>
    /// Numbers the activity (id <c>&lt;convId&gt;|0000001</c> unless it has one: PROTOCOL.md §1.2), stores it, then
    /// pushes it to the socket. Stored first: what a client or the bot was told was accepted is not lost.
    /// </summary>
    public async Task<Activity> AppendAsync(DirectLineConversation conversation, Activity activity, CancellationToken cancellationToken)
    {
        await conversation.AppendLock.WaitAsync(cancellationToken);
        try
        {
            var sequence = conversation.Record.LastSequence + 1;
            activity.Id ??= $"{conversation.Id}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}";
            activity.Timestamp ??= clock.GetUtcNow();
            var record = conversation.Record with { LastSequence = sequence };
            var entry = new LoggedActivity(sequence, activity);
            await storage.WriteAsync(new Dictionary<string, StoreItem>
            {
                [RecordKey(conversation.Id)] = new(ProtocolJson.ToElement(record), StoreItem.AnyETag),
                [ActivityKey(conversation.Id, sequence)] = new(ProtocolJson.ToElement(entry), StoreItem.AnyETag),
            }, cancellationToken);
            if (conversation.AppendAndPublish(entry, record, Settings.MaxActivitiesPerConversation) is { } dropped)
                await storage.DeleteAsync([ActivityKey(conversation.Id, dropped)], cancellationToken);
            conversation.Touch(clock.GetUtcNow());
            return activity;
        }
        finally
        {
            conversation.AppendLock.Release();
        }
    }

    /// <summary>Replaces an activity the bot sent earlier; false if it is no longer in the log.</summary>
    public async Task<bool> UpdateAsync(DirectLineConversation conversation, Activity activity, CancellationToken cancellationToken)
    {
        await conversation.AppendLock.WaitAsync(cancellationToken);
        try
        {
            if (activity.Id is null || conversation.Replace(activity.Id, activity) is not { } entry) return false;
            await storage.WriteAsync(new Dictionary<string, StoreItem> { [ActivityKey(conversation.Id, entry.Sequence)] = new(ProtocolJson.ToElement(entry), StoreItem.AnyETag) }, cancellationToken);
            return true;
        }
        finally
        {
            conversation.AppendLock.Release();
        }
    }

    public async Task<bool> DeleteAsync(DirectLineConversation conversation, string activityId, CancellationToken cancellationToken)
    {
        await conversation.AppendLock.WaitAsync(cancellationToken);
        try
        {
            if (conversation.Remove(activityId) is not { } entry) return false;
            await storage.DeleteAsync([ActivityKey(conversation.Id, entry.Sequence)], cancellationToken);
            return true;
        }
        finally
        {
            conversation.AppendLock.Release();
        }
    }

    /// <summary>Drops idle conversations without a socket from memory; they stay in storage.</summary>
    public int EvictIdle()
    {
        var cutoff = clock.GetUtcNow() - Settings.IdleConversationTimeout;
        var evicted = 0;
        foreach (var (id, conversation) in _live)
        {
            if (conversation.HasStream || conversation.LastUsed > cutoff) continue;
            if (_live.TryRemove(new KeyValuePair<string, DirectLineConversation>(id, conversation))) evicted++;
        }
        return evicted;
    }

    private async Task<DirectLineConversation?> LoadAsync(string conversationId, CancellationToken cancellationToken)
    {
        var records = await storage.ReadAsync([RecordKey(conversationId)], cancellationToken);
        if (!records.TryGetValue(RecordKey(conversationId), out var item)) return null;
        var record = item.Value.Deserialize<ConversationRecord>(ProtocolJson.Options)!;
        var first = Math.Max(1, record.LastSequence - Settings.MaxActivitiesPerConversation + 1);
        var keys = new List<string>();
        for (var sequence = first; sequence <= record.LastSequence; sequence++) keys.Add(ActivityKey(conversationId, sequence));
        var stored = keys.Count == 0 ? new Dictionary<string, StoreItem>() : await storage.ReadAsync(keys, cancellationToken);
        var log = stored.Values.Select(v => v.Value.Deserialize<LoggedActivity>(ProtocolJson.Options)).OfType<LoggedActivity>();
        return new DirectLineConversation(conversationId, record, log, clock.GetUtcNow());
    }

    // Not "<channelId>/conversations/<id>": that is the bot's own conversation state (TurnStateStore, SDK key format).
    internal const string StorageKeyPrefix = "embedded-directline:";

    private static string RecordKey(string conversationId) => $"{StorageKeyPrefix}conversation/{conversationId}";

    private static string ActivityKey(string conversationId, long sequence) =>
        $"{StorageKeyPrefix}activity/{conversationId}/{sequence.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Evicts idle conversations from memory once a minute.</summary>
internal sealed class DirectLineEvictionService(DirectLineConversationStore store, TimeProvider clock) : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) store.EvictIdle();
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>The one WebSocket reading a conversation: frames queue here and one writer loop sends them in order.</summary>
public sealed class DirectLineStreamSession(DateTimeOffset openedAt)
{
    // A reader that falls this far behind is gone or hostile; drop it rather than grow without bound.
    private const int MaxQueuedFrames = 1000;

    private readonly Channel<string> _frames = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueuedFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private long _lastHeardTicks = openedAt.UtcTicks;

    internal ChannelReader<string> Frames => _frames.Reader;

    internal bool Overflowed { get; private set; }

    /// <summary>A newer socket took this one's place (this one had gone silent).</summary>
    internal bool Replaced { get; private set; }

    /// <summary>When the client last sent anything (or the socket opened).</summary>
    internal DateTimeOffset LastHeard => new(Interlocked.Read(ref _lastHeardTicks), TimeSpan.Zero);

    internal void Heard(DateTimeOffset now) => Interlocked.Exchange(ref _lastHeardTicks, now.UtcTicks);

    internal void Publish(IReadOnlyList<Activity> activities, long? watermark)
    {
        var frame = ProtocolJson.Serialize(new ActivitySet
        {
            Activities = [.. activities],
            Watermark = watermark?.ToString(CultureInfo.InvariantCulture),
        });
        if (!_frames.Writer.TryWrite(frame))
        {
            Overflowed = true;
            _frames.Writer.TryComplete();
        }
    }

    internal void Replace()
    {
        Replaced = true;
        _frames.Writer.TryComplete();
    }

    internal void Complete() => _frames.Writer.TryComplete();
}
