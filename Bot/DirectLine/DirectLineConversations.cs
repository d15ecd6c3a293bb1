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
    private readonly LinkedList<LogEntry> _log = new();
    private DirectLineStreamSession? _stream;
    private long _bytes;

    internal DirectLineConversation(string id, ConversationRecord record, IEnumerable<LoggedActivity> log, DateTimeOffset now)
    {
        Id = id;
        Record = record;
        foreach (var entry in log.OrderBy(e => e.Sequence))
        {
            var logged = new LogEntry(entry, SizeOf(entry));
            _log.AddLast(logged);
            _bytes += logged.Bytes;
        }
        LastUsed = now;
    }

    /// <summary>What the log holds, in bytes of stored JSON: the measure of the byte budget and the memory cap.</summary>
    internal long Bytes { get { lock (_gate) return _bytes; } }

    /// <summary>The UTF-8 size of an entry as stored.</summary>
    internal static int SizeOf(LoggedActivity entry) => JsonSerializer.SerializeToUtf8Bytes(entry, ProtocolJson.Options).Length;

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
            var activities = _log.Select(e => e.Logged).Where(e => e.Sequence > watermark && IsVisibleToClients(e.Activity)).Select(e => e.Activity).ToList();
            return (activities, Math.Max(watermark, Record.LastSequence));
        }
    }

    /// <summary>
    /// Adds a numbered activity to the log, advances the watermark and pushes it to the socket, all under the gate so
    /// no reader ever sees a watermark ahead of the log. Older entries fall off while the log holds more than
    /// <paramref name="capacity"/> activities or <paramref name="byteBudget"/> bytes (the newest always stays);
    /// returns their sequences, and the change in <see cref="Bytes"/>.
    /// </summary>
    internal (List<long> Dropped, long BytesAdded) AppendAndPublish(LoggedActivity entry, int bytes, ConversationRecord record, int capacity, long byteBudget)
    {
        lock (_gate)
        {
            Record = record;
            _log.AddLast(new LogEntry(entry, bytes));
            long added = bytes;
            var dropped = new List<long>();
            while (_log.Count > 1 && (_log.Count > capacity || _bytes + added > byteBudget))
            {
                var first = _log.First!.Value;
                dropped.Add(first.Logged.Sequence);
                added -= first.Bytes;
                _log.RemoveFirst();
            }
            _bytes += added;
            if (IsVisibleToClients(entry.Activity)) _stream?.Publish([entry.Activity], entry.Sequence);
            return (dropped, added);
        }
    }

    /// <summary>Replaces a logged activity (an update by the bot) and pushes the new version; null if unknown.</summary>
    internal (LoggedActivity Entry, long BytesAdded)? Replace(string activityId, Activity activity)
    {
        lock (_gate)
        {
            for (var node = _log.First; node is not null; node = node.Next)
            {
                if (node.Value.Logged.Activity.Id != activityId) continue;
                var replaced = node.Value.Logged with { Activity = activity };
                var bytes = SizeOf(replaced);
                var added = (long)bytes - node.Value.Bytes;
                node.Value = new LogEntry(replaced, bytes);
                _bytes += added;
                _stream?.Publish([activity], Record.LastSequence);
                return (replaced, added);
            }
            return null;
        }
    }

    internal (LoggedActivity Entry, long BytesAdded)? Remove(string activityId)
    {
        lock (_gate)
        {
            for (var node = _log.First; node is not null; node = node.Next)
            {
                if (node.Value.Logged.Activity.Id != activityId) continue;
                _log.Remove(node);
                _bytes -= node.Value.Bytes;
                return (node.Value.Logged, -node.Value.Bytes);
            }
            return null;
        }
    }

    /// <summary>Closes the socket reading this conversation (it left memory or was deleted); DirectLineJS reconnects.</summary>
    internal void CloseStream()
    {
        lock (_gate)
        {
            _stream?.Replace();
            _stream = null;
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

    private sealed record LogEntry(LoggedActivity Logged, int Bytes);
}

/// <summary>An activity and its place in the conversation's log (its watermark).</summary>
public sealed record LoggedActivity(long Sequence, Activity Activity);

/// <summary>What is stored about a conversation besides its activities; <see cref="LastActivityAt"/> starts its retention.</summary>
public sealed record ConversationRecord(string UserId, string? Locale, bool Started, long LastSequence, DateTimeOffset CreatedAt, DateTimeOffset? LastActivityAt = null)
{
    /// <summary>When the conversation was last written to (records from before this field: when it was created).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset LastActive => LastActivityAt ?? CreatedAt;
}

/// <summary>One stored conversation and its transcript, as an operator exports it.</summary>
public sealed record StoredConversation(string ConversationId, ConversationRecord Record, IReadOnlyList<LoggedActivity> Activities);

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
    private long _liveBytes;

    private EmbeddedDirectLineOptions Settings => options.Value.Embedded;

    // A conversation's budget holds at least one activity of the largest accepted size.
    private long ByteBudget => Math.Max(Settings.MaxBytesPerConversation, Settings.MaxActivityBytes);

    internal int LiveCount => _live.Count;

    /// <summary>Bytes of transcript held in memory across all live conversations (capped by <see cref="EmbeddedDirectLineOptions.MaxLiveBytes"/>).</summary>
    internal long LiveBytes => Interlocked.Read(ref _liveBytes);

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
            return loaded is null ? null : Admit(loaded);
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
        return Admit(new DirectLineConversation(conversationId, record, [], clock.GetUtcNow()));
    }

    /// <summary>Puts a conversation into memory (or returns the one another request put there first) and counts its bytes.</summary>
    private DirectLineConversation Admit(DirectLineConversation conversation)
    {
        var live = _live.GetOrAdd(conversation.Id, conversation);
        if (ReferenceEquals(live, conversation))
        {
            Interlocked.Add(ref _liveBytes, conversation.Bytes);
            EnforceMemoryCap(keep: conversation);
        }
        return live;
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
            var now = clock.GetUtcNow();
            activity.Id ??= $"{conversation.Id}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}";
            activity.Timestamp ??= now;
            var record = conversation.Record with { LastSequence = sequence, LastActivityAt = now };
            var entry = new LoggedActivity(sequence, activity);
            var stored = ProtocolJson.ToElement(entry);
            await storage.WriteAsync(new Dictionary<string, StoreItem>
            {
                [RecordKey(conversation.Id)] = new(ProtocolJson.ToElement(record), StoreItem.AnyETag),
                [ActivityKey(conversation.Id, sequence)] = new(stored, StoreItem.AnyETag),
            }, cancellationToken);
            var bytes = System.Text.Encoding.UTF8.GetByteCount(stored.GetRawText());
            var (dropped, added) = conversation.AppendAndPublish(entry, bytes, record, Settings.MaxActivitiesPerConversation, ByteBudget);
            if (dropped.Count > 0) await storage.DeleteAsync([.. dropped.Select(d => ActivityKey(conversation.Id, d))], cancellationToken);
            conversation.Touch(now);
            CountBytes(conversation, added);
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
            if (activity.Id is null || conversation.Replace(activity.Id, activity) is not var (entry, added)) return false;
            await storage.WriteAsync(new Dictionary<string, StoreItem> { [ActivityKey(conversation.Id, entry.Sequence)] = new(ProtocolJson.ToElement(entry), StoreItem.AnyETag) }, cancellationToken);
            CountBytes(conversation, added);
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
            if (conversation.Remove(activityId) is not var (entry, added)) return false;
            await storage.DeleteAsync([ActivityKey(conversation.Id, entry.Sequence)], cancellationToken);
            CountBytes(conversation, added);
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
            if (Evict(conversation)) evicted++;
        }
        return evicted;
    }

    /// <summary>Counts a change of a conversation's log; only a conversation in memory counts towards the cap.</summary>
    private void CountBytes(DirectLineConversation conversation, long added)
    {
        if (!_live.TryGetValue(conversation.Id, out var live) || !ReferenceEquals(live, conversation)) return;
        Interlocked.Add(ref _liveBytes, added);
        EnforceMemoryCap(keep: conversation);
    }

    private bool Evict(DirectLineConversation conversation)
    {
        if (!_live.TryRemove(new KeyValuePair<string, DirectLineConversation>(conversation.Id, conversation))) return false;
        Interlocked.Add(ref _liveBytes, -conversation.Bytes);
        return true;
    }

    /// <summary>
    /// Over <see cref="EmbeddedDirectLineOptions.MaxLiveBytes"/>, conversations leave memory (they stay in storage and
    /// are read back on their next request): those without a socket first, least recently used first, then ones with a
    /// socket (it is closed; DirectLineJS reconnects). Never <paramref name="keep"/>, nor one in the middle of a write.
    /// </summary>
    private void EnforceMemoryCap(DirectLineConversation keep)
    {
        var cap = Math.Max(Settings.MaxLiveBytes, ByteBudget);
        if (LiveBytes <= cap) return;
        var candidates = _live.Values.Where(c => !ReferenceEquals(c, keep) && c.AppendLock.CurrentCount > 0)
            .OrderBy(c => c.HasStream).ThenBy(c => c.LastUsed).ToList();
        foreach (var conversation in candidates)
        {
            if (LiveBytes <= cap) return;
            if (!Evict(conversation)) continue;
            conversation.CloseStream();
        }
    }

    /// <summary>Every stored conversation last written to before <paramref name="cutoff"/> is deleted with its transcript and the bot's state of it.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var conversation in StoredRecordsAsync(cancellationToken))
        {
            if (conversation.Record.LastActive >= cutoff) continue;
            await DeleteAsync(conversation.ConversationId, cancellationToken);
            deleted++;
        }
        return deleted;
    }

    /// <summary>One person's stored conversations with their transcripts (for an export of their data).</summary>
    public async Task<IReadOnlyList<StoredConversation>> OfUserAsync(string userId, CancellationToken cancellationToken)
    {
        var found = new List<StoredConversation>();
        await foreach (var conversation in StoredRecordsAsync(cancellationToken))
        {
            if (!string.Equals(conversation.Record.UserId, userId, StringComparison.Ordinal)) continue;
            var keys = await storage.ListKeysAsync(ActivityPrefix(conversation.ConversationId), cancellationToken);
            var items = keys.Count == 0 ? new Dictionary<string, StoreItem>() : await storage.ReadAsync(keys, cancellationToken);
            var activities = items.Values.Select(v => v.Value.Deserialize<LoggedActivity>(ProtocolJson.Options)).OfType<LoggedActivity>().OrderBy(a => a.Sequence).ToList();
            found.Add(conversation with { Activities = activities });
        }
        return found;
    }

    /// <summary>Deletes a conversation: from memory (its socket is closed), its record, its transcript and the bot's conversation state.</summary>
    public async Task DeleteAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(conversationId, out var live) && Evict(live)) live.CloseStream();
        var keys = new List<string>(await storage.ListKeysAsync(ActivityPrefix(conversationId), cancellationToken))
        {
            RecordKey(conversationId),
            TurnStateStore.ConversationKey(new Activity { ChannelId = Channels.DirectLine, Conversation = new ConversationAccount(conversationId) }),
        };
        await storage.DeleteAsync(keys, cancellationToken);
    }

    /// <summary>The stored conversation records (without transcripts), read in batches.</summary>
    private async IAsyncEnumerable<StoredConversation> StoredRecordsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = RecordKey("");
        var keys = await storage.ListKeysAsync(prefix, cancellationToken);
        foreach (var batch in keys.Chunk(200))
        {
            var items = await storage.ReadAsync(batch, cancellationToken);
            foreach (var (key, item) in items)
                if (item.Value.Deserialize<ConversationRecord>(ProtocolJson.Options) is { } record)
                    yield return new StoredConversation(key[prefix.Length..], record, []);
        }
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

    private static string ActivityPrefix(string conversationId) => $"{StorageKeyPrefix}activity/{conversationId}/";

    private static string ActivityKey(string conversationId, long sequence) => ActivityPrefix(conversationId) + sequence.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Deletes stored conversations not written to for <see cref="EmbeddedDirectLineOptions.Retention"/>, every <see cref="EmbeddedDirectLineOptions.RetentionSweepInterval"/>.</summary>
internal sealed class DirectLineRetentionService(DirectLineConversationStore store, IOptions<DirectLineOptions> options, TimeProvider clock,
    Microsoft.Extensions.Logging.ILogger<DirectLineRetentionService> logger) : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Embedded;
        using var timer = new PeriodicTimer(settings.RetentionSweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    var deleted = await store.DeleteExpiredAsync(clock.GetUtcNow() - settings.Retention, stoppingToken);
                    if (deleted > 0) logger.LogInformation("Deleted {Count} Direct Line conversations older than the retention of {Retention}", deleted, settings.Retention);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next sweep tries again; a storage hiccup must not stop retention for good.
                    logger.LogWarning(ex, "Direct Line retention sweep failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
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
