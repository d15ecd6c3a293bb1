using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using SupportBot.Requests;

namespace SupportBot.Storage;

/// <summary>
/// Requests and their outbox on PostgreSQL, for several bot instances sharing one database; the same contract as
/// <see cref="SqliteRequestStore"/>. Filing is idempotent per submission id across instances: a transaction-scoped
/// advisory lock on the submission id serialises concurrent submits of one card (so only one of them takes a number
/// from the day's counter), and the unique constraint on <c>submission_id</c> backs it up. Updates lock the row
/// (<c>SELECT … FOR UPDATE</c>) and write the new version with its outbox messages in one transaction. Due outbox
/// messages are leased with <c>FOR UPDATE SKIP LOCKED</c>, so two workers never get the same message at once.
/// </summary>
public sealed partial class PostgresRequestStore : IRequestStore
{
    /// <summary>How long a worker owns the messages <see cref="DueOutboxAsync"/> handed it. A worker that dies
    /// mid-send loses its lease after this and another instance sends the message (at least once, never lost).</summary>
    public static readonly TimeSpan OutboxLease = TimeSpan.FromMinutes(2);

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _idTimeZone;
    private readonly string _schema;
    private readonly string _prefix;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _initialized;

    /// <param name="schema">The PostgreSQL schema holding the tables; null = the connection's search path (normally <c>public</c>).</param>
    public PostgresRequestStore(NpgsqlDataSource dataSource, IOptions<RequestOptions> options, TimeProvider time, string? schema = null)
    {
        if (schema is not null && !Identifier().IsMatch(schema))
            throw new ArgumentException($"'{schema}' is not a plain PostgreSQL identifier (a-z, 0-9, _).", nameof(schema));
        _dataSource = dataSource;
        _time = time;
        _idTimeZone = options.Value.ResolveIdTimeZone();
        _schema = schema ?? "";
        _prefix = schema is null ? "" : $"{schema}.";
    }

    public async Task<FileResult> FileAsync(NewRequest request, Func<ServiceRequest, IReadOnlyList<OutboxMessage>> outboxFor, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Everyone filing this submission queues here until the first one commits; the later ones then see its row.
        // Without the lock they would each take a number from the counter before the unique constraint stopped them.
        await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", connection, transaction))
        {
            gate.Parameters.AddWithValue("key", $"{_prefix}requests/{request.SubmissionId}");
            await gate.ExecuteNonQueryAsync(cancellationToken);
        }
        var existing = await QuerySingleAsync(connection, transaction, $"SELECT document::text FROM {_prefix}requests WHERE submission_id = @p", request.SubmissionId, cancellationToken);
        if (existing is not null) return new FileResult(existing, Created: false);

        var now = _time.GetUtcNow();
        var id = await NextIdAsync(connection, transaction, now, cancellationToken);
        var filed = ServiceRequest.Filed(request, id, now);

        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO {_prefix}requests (id, submission_id, channel_id, user_id, status, created_at, version, document)
            VALUES (@id, @submission, @channel, @user, @status, @created, @version, @document)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", filed.Id);
            insert.Parameters.AddWithValue("submission", filed.SubmissionId);
            insert.Parameters.AddWithValue("channel", filed.Requester.ChannelId);
            insert.Parameters.AddWithValue("user", filed.Requester.UserId);
            insert.Parameters.AddWithValue("status", filed.Status.ToString());
            insert.Parameters.AddWithValue("created", now.UtcDateTime);
            insert.Parameters.AddWithValue("version", filed.Version);
            insert.Parameters.Add(Jsonb("document", JsonSerializer.Serialize(filed, ServiceRequest.Json)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var message in outboxFor(filed)) await UpsertOutboxAsync(connection, transaction, message, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FileResult(filed, Created: true);
    }

    public async Task<ServiceRequest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await QuerySingleAsync(connection, null, $"SELECT document::text FROM {_prefix}requests WHERE id = @p", id, cancellationToken);
    }

    public async Task<ServiceRequest?> FindBySubmissionAsync(string submissionId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await QuerySingleAsync(connection, null, $"SELECT document::text FROM {_prefix}requests WHERE submission_id = @p", submissionId, cancellationToken);
    }

    public async Task<ServiceRequest?> FindByAgentThreadAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // Rare (agents' thread messages only), so a scan of the documents beats another column to keep in step.
        return await QuerySingleAsync(connection, null,
            $"SELECT document::text FROM {_prefix}requests WHERE document->'agentThread'->'conversation'->>'id' = @p ORDER BY created_at DESC LIMIT 1", conversationId, cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListByRequesterAsync(string channelId, string userId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(
            $"SELECT document::text FROM {_prefix}requests WHERE channel_id = @channel AND user_id = @user ORDER BY created_at DESC, id DESC");
        command.Parameters.AddWithValue("channel", channelId);
        command.Parameters.AddWithValue("user", userId);
        return await ReadRequestsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"SELECT document::text FROM {_prefix}requests WHERE user_id = @user ORDER BY created_at DESC, id DESC");
        command.Parameters.AddWithValue("user", userId);
        return await ReadRequestsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> OutboxOfRequestAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"SELECT document::text FROM {_prefix}outbox WHERE request_id = @request ORDER BY created_at, id");
        command.Parameters.AddWithValue("request", requestId);
        var found = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.Add(JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), ServiceRequest.Json)!);
        return found;
    }

    public async Task<bool> DeleteAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var outbox = new NpgsqlCommand($"DELETE FROM {_prefix}outbox WHERE request_id = @id", connection, transaction))
        {
            outbox.Parameters.AddWithValue("id", requestId);
            await outbox.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var request = new NpgsqlCommand($"DELETE FROM {_prefix}requests WHERE id = @id", connection, transaction);
        request.Parameters.AddWithValue("id", requestId);
        var deleted = await request.ExecuteNonQueryAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<ServiceRequest> UpdateAsync(string id, Func<ServiceRequest, RequestUpdate> change, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row lock makes a concurrent update of the same request wait and then read our version, so the change
        // is always applied to the latest one and no retry loop is needed.
        var current = await QuerySingleAsync(connection, transaction, $"SELECT document::text FROM {_prefix}requests WHERE id = @p FOR UPDATE", id, cancellationToken)
            ?? throw new RequestNotFoundException(id);

        // A change that throws leaves without commit: the transaction rolls back and nothing is written.
        var update = change(current);
        var next = update.Request with { Id = current.Id, SubmissionId = current.SubmissionId, Version = current.Version + 1 };
        await using (var command = new NpgsqlCommand(
            $"UPDATE {_prefix}requests SET status = @status, version = @version, document = @document WHERE id = @id AND version = @expected",
            connection, transaction))
        {
            command.Parameters.AddWithValue("status", next.Status.ToString());
            command.Parameters.AddWithValue("version", next.Version);
            command.Parameters.Add(Jsonb("document", JsonSerializer.Serialize(next, ServiceRequest.Json)));
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("expected", current.Version);
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
                throw new InvalidOperationException($"Request {id} changed under a row lock; this is a bug.");
        }
        foreach (var message in update.Outbox) await UpsertOutboxAsync(connection, transaction, message, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    /// <summary>
    /// Pending messages due now, oldest first, each leased to this caller for <see cref="OutboxLease"/>: another
    /// instance asking at the same time skips them. Saving the message (sent, failed, or rescheduled) ends the lease.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> DueOutboxAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"""
            WITH due AS (
                SELECT id FROM {_prefix}outbox
                WHERE status = @status AND next_attempt_at <= @now AND (leased_until IS NULL OR leased_until <= @now)
                ORDER BY created_at, id
                LIMIT @max
                FOR UPDATE SKIP LOCKED
            )
            UPDATE {_prefix}outbox AS o SET leased_until = @lease
            FROM due WHERE o.id = due.id
            RETURNING o.document::text, o.created_at, o.id
            """);
        command.Parameters.AddWithValue("status", nameof(OutboxStatus.Pending));
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        command.Parameters.AddWithValue("lease", (now + OutboxLease).UtcDateTime);
        command.Parameters.AddWithValue("max", max);
        var leased = new List<(OutboxMessage Message, DateTime CreatedAt, string Id)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                leased.Add((JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), ServiceRequest.Json)!, reader.GetDateTime(1), reader.GetString(2)));
        // UPDATE … RETURNING has no order of its own.
        return leased.OrderBy(row => row.CreatedAt).ThenBy(row => row.Id, StringComparer.Ordinal).Select(row => row.Message).ToList();
    }

    public async Task<IReadOnlyList<OutboxMessage>> FailedOutboxAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"SELECT document::text FROM {_prefix}outbox WHERE status = @status ORDER BY created_at, id");
        command.Parameters.AddWithValue("status", nameof(OutboxStatus.Failed));
        var found = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.Add(JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), ServiceRequest.Json)!);
        return found;
    }

    public async Task<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(
            $"SELECT count(*) FILTER (WHERE status = @pending), count(*) FILTER (WHERE status = @failed), min(created_at) FILTER (WHERE status = @pending) FROM {_prefix}outbox");
        command.Parameters.AddWithValue("pending", nameof(OutboxStatus.Pending));
        command.Parameters.AddWithValue("failed", nameof(OutboxStatus.Failed));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        DateTimeOffset? oldest = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
        return new OutboxCounts((int)reader.GetInt64(0), (int)reader.GetInt64(1), oldest);
    }

    public async Task SaveOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await UpsertOutboxAsync(connection, null, message, cancellationToken);
    }

    private async Task<string> NextIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var day = TimeZoneInfo.ConvertTime(now, _idTimeZone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        // The upsert locks the day's counter row until commit: concurrent filings of different submissions take
        // consecutive numbers, and a rolled-back filing gives its number back.
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_prefix}request_counters (day, last) VALUES (@day, 1)
            ON CONFLICT (day) DO UPDATE SET last = {_prefix}request_counters.last + 1
            RETURNING last
            """, connection, transaction);
        command.Parameters.AddWithValue("day", day);
        var number = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return $"SR-{day}-{number.ToString("D4", CultureInfo.InvariantCulture)}";
    }

    private async Task UpsertOutboxAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, OutboxMessage message, CancellationToken cancellationToken)
    {
        // Saving a message ends any lease on it: the worker that held it has done its part.
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_prefix}outbox (id, kind, request_id, status, next_attempt_at, created_at, leased_until, document)
            VALUES (@id, @kind, @request, @status, @next, @created, NULL, @document)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, next_attempt_at = excluded.next_attempt_at,
                leased_until = NULL, document = excluded.document
            """, connection, transaction);
        command.Parameters.AddWithValue("id", message.Id);
        command.Parameters.AddWithValue("kind", message.Kind);
        command.Parameters.Add(new NpgsqlParameter("request", NpgsqlDbType.Text) { Value = (object?)message.RequestId ?? DBNull.Value });
        command.Parameters.AddWithValue("status", message.Status.ToString());
        command.Parameters.AddWithValue("next", message.NextAttemptAt.UtcDateTime);
        command.Parameters.AddWithValue("created", message.CreatedAt.UtcDateTime);
        command.Parameters.Add(Jsonb("document", JsonSerializer.Serialize(message, ServiceRequest.Json)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<ServiceRequest?> QuerySingleAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, string parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("p", parameter);
        return await command.ExecuteScalarAsync(cancellationToken) is string document ? Deserialize(document) : null;
    }

    private static ServiceRequest Deserialize(string document) => JsonSerializer.Deserialize<ServiceRequest>(document, ServiceRequest.Json)!;

    private static NpgsqlParameter Jsonb(string name, string json) => new(name, NpgsqlDbType.Jsonb) { Value = json };

    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        if (_initialized) return;
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // IF NOT EXISTS is not race-free in PostgreSQL; instances starting together take turns instead.
            await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", connection, transaction))
            {
                gate.Parameters.AddWithValue("key", $"{_prefix}request-store-ddl");
                await gate.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var ddl = new NpgsqlCommand($"""
                {(_schema.Length > 0 ? $"CREATE SCHEMA IF NOT EXISTS {_schema};" : "")}
                CREATE TABLE IF NOT EXISTS {_prefix}requests (
                    id            text PRIMARY KEY,
                    submission_id text NOT NULL UNIQUE,
                    channel_id    text NOT NULL,
                    user_id       text NOT NULL,
                    status        text NOT NULL,
                    created_at    timestamptz NOT NULL,
                    version       integer NOT NULL,
                    document      jsonb NOT NULL
                );
                CREATE INDEX IF NOT EXISTS requests_by_requester ON {_prefix}requests (channel_id, user_id);
                CREATE TABLE IF NOT EXISTS {_prefix}request_counters (
                    day  text PRIMARY KEY,
                    last bigint NOT NULL
                );
                CREATE TABLE IF NOT EXISTS {_prefix}outbox (
                    id              text PRIMARY KEY,
                    kind            text NOT NULL,
                    request_id      text,
                    status          text NOT NULL,
                    next_attempt_at timestamptz NOT NULL,
                    created_at      timestamptz NOT NULL,
                    leased_until    timestamptz,
                    document        jsonb NOT NULL
                );
                CREATE INDEX IF NOT EXISTS outbox_due ON {_prefix}outbox (status, next_attempt_at);
                """, connection, transaction))
            {
                await ddl.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();

    private static async Task<IReadOnlyList<ServiceRequest>> ReadRequestsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var found = new List<ServiceRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) found.Add(Deserialize(reader.GetString(0)));
        return found;
    }
}
