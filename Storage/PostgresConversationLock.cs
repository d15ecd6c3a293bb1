using Microsoft.Extensions.Logging;
using Npgsql;
using SupportBot.Bot.Turn;

namespace SupportBot.Storage;

/// <summary>
/// Turns of one conversation one at a time across instances: a PostgreSQL session-level advisory lock per
/// conversation (<c>pg_try_advisory_lock</c>, retried with a short backoff up to <see cref="MaxWait"/>), all held on
/// one dedicated connection per instance. A session can hold many advisory locks, so one connection serves every
/// conversation in flight; the in-process lock in front of it keeps the same instance from asking twice (session
/// locks are re-entrant). If the instance dies, PostgreSQL drops the session and with it the locks.
/// </summary>
public sealed class PostgresConversationLock(NpgsqlDataSource dataSource, ILogger<PostgresConversationLock> logger) : ISharedConversationLock, IAsyncDisposable
{
    /// <summary>Longest a turn waits for another instance's turn of the same conversation.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMilliseconds(50);

    // The key's namespace keeps these apart from the request store's transaction locks (requests/<submission id>).
    private const string TryLockSql = "SELECT pg_try_advisory_lock(hashtextextended('turn:' || @key, 0))";
    private const string UnlockSql = "SELECT pg_advisory_unlock(hashtextextended('turn:' || @key, 0))";

    private readonly SemaphoreSlim _gate = new(1, 1); // one command at a time on the connection
    private NpgsqlConnection? _connection;
    private int _session; // which connection a lock was taken on: locks of a lost connection are gone with it

    public async Task<IAsyncDisposable> AcquireAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(MaxWait.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var wait = FirstRetry;
        while (true)
        {
            var (locked, session) = await TryLockAsync(conversationKey, cancellationToken);
            if (locked) return new Held(this, conversationKey, session);
            if (TimeProvider.System.GetTimestamp() >= deadline)
            {
                logger.LogWarning("Conversation {ConversationKey} was still busy on another instance after {MaxWait}; the turn goes on, guarded by the ETag check only",
                    conversationKey, MaxWait);
                return NotHeld.Instance;
            }
            await Task.Delay(wait, cancellationToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestRetry.Ticks));
        }
    }

    private async Task<(bool Locked, int Session)> TryLockAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = _connection ??= await OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(TryLockSql, connection);
            command.Parameters.AddWithValue("key", key);
            return ((bool)(await command.ExecuteScalarAsync(cancellationToken))!, _session);
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The database is unreachable or the connection broke: the turn goes on unlocked rather than not at all.
            logger.LogWarning(error, "Could not take the conversation lock for {ConversationKey}; the turn goes on, guarded by the ETag check only", key);
            await DropConnectionAsync();
            return (true, -1);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        _session++;
        return connection;
    }

    private async Task ReleaseAsync(string key, int session)
    {
        await _gate.WaitAsync();
        try
        {
            // Taken on a connection that has since been dropped: PostgreSQL released it with that session.
            if (_connection is null || session != _session) return;
            await using var command = new NpgsqlCommand(UnlockSql, _connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteScalarAsync();
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            // Dropping the session releases every lock it held, this one included.
            logger.LogWarning(error, "Could not release the conversation lock for {ConversationKey}; closing its connection releases it", key);
            await DropConnectionAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is null) return;
        try
        {
            await _connection.DisposeAsync();
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or IOException)
        {
            logger.LogDebug(error, "Closing a broken lock connection failed");
        }
        _connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropConnectionAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Held(PostgresConversationLock owner, string key, int session) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (session < 0 || Interlocked.Exchange(ref _released, 1) == 1) return;
            await owner.ReleaseAsync(key, session);
        }
    }

    private sealed class NotHeld : IAsyncDisposable
    {
        public static readonly NotHeld Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
