using Microsoft.Extensions.Logging;
using Npgsql;
using SupportBot.Bot.Turn;

namespace SupportBot.Storage;

/// <summary>
/// Turns of one conversation one at a time across instances: a PostgreSQL session-level advisory lock per
/// conversation (<c>pg_try_advisory_lock</c>, retried with a short backoff up to <see cref="MaxWait"/>), held on a
/// few dedicated connections per instance, a conversation always on the same one (by a hash of its key). A session
/// can hold many advisory locks, so a few connections serve every conversation in flight (one alone became the
/// bottleneck at 200 conversations); the in-process lock in front keeps the same instance from asking twice (session
/// locks are re-entrant). If the instance dies, PostgreSQL drops the sessions and with them the locks.
/// </summary>
public sealed class PostgresConversationLock(NpgsqlDataSource dataSource, ILogger<PostgresConversationLock> logger) : ISharedConversationLock, IAsyncDisposable
{
    /// <summary>Connections holding this instance's conversation locks.</summary>
    public const int Sessions = 4;

    /// <summary>Longest a turn waits for another instance's turn of the same conversation.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMilliseconds(50);

    // The key's namespace keeps these apart from the request store's transaction locks (requests/<submission id>).
    private const string TryLockSql = "SELECT pg_try_advisory_lock(hashtextextended('turn:' || @key, 0))";
    private const string UnlockSql = "SELECT pg_advisory_unlock(hashtextextended('turn:' || @key, 0))";

    private readonly Session[] _sessions = Enumerable.Range(0, Sessions).Select(_ => new Session()).ToArray();

    public async Task<IAsyncDisposable> AcquireAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(MaxWait.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var wait = FirstRetry;
        var session = _sessions[(int)((uint)StringComparer.Ordinal.GetHashCode(conversationKey) % Sessions)];
        while (true)
        {
            var (locked, generation) = await session.TryLockAsync(dataSource, conversationKey, logger, cancellationToken);
            if (locked) return new Held(session, conversationKey, generation, logger);
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

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions) await session.DisposeAsync();
    }

    private sealed class Held(Session session, string key, int generation, ILogger logger) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (generation < 0 || Interlocked.Exchange(ref _released, 1) == 1) return;
            await session.ReleaseAsync(key, generation, logger);
        }
    }

    /// <summary>One connection and the locks on it; one command at a time.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private NpgsqlConnection? _connection;
        private int _generation; // which connection a lock was taken on: locks of a lost connection are gone with it

        public async Task<(bool Locked, int Generation)> TryLockAsync(NpgsqlDataSource dataSource, string key, ILogger logger, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (_connection is null)
                {
                    _connection = await dataSource.OpenConnectionAsync(cancellationToken);
                    _generation++;
                }
                await using var command = new NpgsqlCommand(TryLockSql, _connection);
                command.Parameters.AddWithValue("key", key);
                return ((bool)(await command.ExecuteScalarAsync(cancellationToken))!, _generation);
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // The database is unreachable or the connection broke: the turn goes on unlocked rather than not at all.
                logger.LogWarning(error, "Could not take the conversation lock for {ConversationKey}; the turn goes on, guarded by the ETag check only", key);
                await DropConnectionAsync(logger);
                return (true, -1);
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task ReleaseAsync(string key, int generation, ILogger logger)
        {
            await _gate.WaitAsync();
            try
            {
                // Taken on a connection that has since been dropped: PostgreSQL released it with that session.
                if (_connection is null || generation != _generation) return;
                await using var command = new NpgsqlCommand(UnlockSql, _connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync();
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
            {
                // Dropping the session releases every lock it held, this one included.
                logger.LogWarning(error, "Could not release the conversation lock for {ConversationKey}; closing its connection releases it", key);
                await DropConnectionAsync(logger);
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task DropConnectionAsync(ILogger logger)
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
                if (_connection is not null) await _connection.DisposeAsync();
                _connection = null;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private sealed class NotHeld : IAsyncDisposable
    {
        public static readonly NotHeld Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
