using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SupportBot.Requests;

namespace SupportBot.Storage;

/// <summary>
/// Requests and their outbox in the bot's SQLite file. Every write runs in an immediate transaction, so filing is
/// idempotent per submission id even under concurrent submits, and an outbox message is stored in the same
/// transaction as the change that causes it.
/// </summary>
public sealed class SqliteRequestStore : IRequestStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _idTimeZone;

    public SqliteRequestStore(SqliteDatabase database, IOptions<RequestOptions> options, TimeProvider time)
    {
        _database = database;
        _time = time;
        _idTimeZone = options.Value.ResolveIdTimeZone();
        _database.AddSchema("""
            CREATE TABLE IF NOT EXISTS requests (
                id            TEXT PRIMARY KEY,
                submission_id TEXT NOT NULL UNIQUE,
                channel_id    TEXT NOT NULL,
                user_id       TEXT NOT NULL,
                status        TEXT NOT NULL,
                created_at    TEXT NOT NULL,
                version       INTEGER NOT NULL,
                document      TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS requests_by_requester ON requests (channel_id, user_id);
            CREATE TABLE IF NOT EXISTS request_counters (
                day  TEXT PRIMARY KEY,
                last INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS outbox (
                id              TEXT PRIMARY KEY,
                kind            TEXT NOT NULL,
                request_id      TEXT,
                status          TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                created_at      TEXT NOT NULL,
                document        TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
            """);
    }

    public async Task<FileResult> FileAsync(NewRequest request, Func<ServiceRequest, IReadOnlyList<OutboxMessage>> outboxFor, CancellationToken cancellationToken = default)
    {
        // Statements inside a write are the writer connection's prepared ones (SqliteWrite.Command): not disposed.
        await using var write = await _database.BeginWriteAsync(cancellationToken);

        var existing = await QuerySingleAsync(write, "SELECT document FROM requests WHERE submission_id = $p", request.SubmissionId, cancellationToken);
        if (existing is not null) return new FileResult(existing, Created: false);

        var now = _time.GetUtcNow();
        var id = await NextIdAsync(write, now, cancellationToken);
        var filed = ServiceRequest.Filed(request, id, now);

        {
            var insert = write.Command("""
                INSERT INTO requests (id, submission_id, channel_id, user_id, status, created_at, version, document)
                VALUES ($id, $submission, $channel, $user, $status, $created, $version, $document)
                """);
            insert.Parameters.AddWithValue("$id", filed.Id);
            insert.Parameters.AddWithValue("$submission", filed.SubmissionId);
            insert.Parameters.AddWithValue("$channel", filed.Requester.ChannelId);
            insert.Parameters.AddWithValue("$user", filed.Requester.UserId);
            insert.Parameters.AddWithValue("$status", filed.Status.ToString());
            insert.Parameters.AddWithValue("$created", Timestamp(now));
            insert.Parameters.AddWithValue("$version", filed.Version);
            insert.Parameters.AddWithValue("$document", JsonSerializer.Serialize(filed, ServiceRequest.Json));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var message in outboxFor(filed)) await UpsertOutboxAsync(write, message, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new FileResult(filed, Created: true);
    }

    public async Task<ServiceRequest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await QuerySingleAsync(connection, "SELECT document FROM requests WHERE id = $p", id, cancellationToken);
    }

    public async Task<ServiceRequest?> FindBySubmissionAsync(string submissionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await QuerySingleAsync(connection, "SELECT document FROM requests WHERE submission_id = $p", submissionId, cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListByRequesterAsync(string channelId, string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM requests WHERE channel_id = $channel AND user_id = $user ORDER BY created_at DESC, id DESC";
        command.Parameters.AddWithValue("$channel", channelId);
        command.Parameters.AddWithValue("$user", userId);
        return await ReadRequestsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM requests WHERE user_id = $user ORDER BY created_at DESC, id DESC";
        command.Parameters.AddWithValue("$user", userId);
        return await ReadRequestsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> OutboxOfRequestAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM outbox WHERE request_id = $request ORDER BY created_at, id";
        command.Parameters.AddWithValue("$request", requestId);
        return await ReadOutboxAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        var (connection, transaction) = write;
        await using (var outbox = connection.CreateCommand())
        {
            outbox.Transaction = transaction;
            outbox.CommandText = "DELETE FROM outbox WHERE request_id = $id";
            outbox.Parameters.AddWithValue("$id", requestId);
            await outbox.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var request = connection.CreateCommand();
        request.Transaction = transaction;
        request.CommandText = "DELETE FROM requests WHERE id = $id";
        request.Parameters.AddWithValue("$id", requestId);
        var deleted = await request.ExecuteNonQueryAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<ServiceRequest?> FindByAgentThreadAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        // Rare (agents' thread messages only), so a scan of the documents beats another column to keep in step.
        return await QuerySingleAsync(connection,
            "SELECT document FROM requests WHERE json_extract(document, '$.agentThread.conversation.id') = $p ORDER BY created_at DESC LIMIT 1", conversationId, cancellationToken);
    }

    public async Task<ServiceRequest> UpdateAsync(string id, Func<ServiceRequest, RequestUpdate> change, CancellationToken cancellationToken = default)
    {
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        var current = await QuerySingleAsync(write, "SELECT document FROM requests WHERE id = $p", id, cancellationToken)
            ?? throw new RequestNotFoundException(id);

        var update = change(current);
        var next = update.Request with { Id = current.Id, SubmissionId = current.SubmissionId, Version = current.Version + 1 };
        {
            var command = write.Command("UPDATE requests SET status = $status, version = $version, document = $document WHERE id = $id AND version = $expected");
            command.Parameters.AddWithValue("$status", next.Status.ToString());
            command.Parameters.AddWithValue("$version", next.Version);
            command.Parameters.AddWithValue("$document", JsonSerializer.Serialize(next, ServiceRequest.Json));
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$expected", current.Version);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var message in update.Outbox) await UpsertOutboxAsync(write, message, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return next;
    }

    public async Task<IReadOnlyList<OutboxMessage>> DueOutboxAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM outbox WHERE status = $status AND next_attempt_at <= $now ORDER BY created_at, id LIMIT $max";
        command.Parameters.AddWithValue("$status", nameof(OutboxStatus.Pending));
        command.Parameters.AddWithValue("$now", Timestamp(now));
        command.Parameters.AddWithValue("$max", max);
        return await ReadOutboxAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> FailedOutboxAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM outbox WHERE status = $status ORDER BY created_at, id";
        command.Parameters.AddWithValue("$status", nameof(OutboxStatus.Failed));
        return await ReadOutboxAsync(command, cancellationToken);
    }

    public async Task<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(status = $pending), 0), COALESCE(SUM(status = $failed), 0), MIN(CASE WHEN status = $pending THEN created_at END) FROM outbox";
        command.Parameters.AddWithValue("$pending", nameof(OutboxStatus.Pending));
        command.Parameters.AddWithValue("$failed", nameof(OutboxStatus.Failed));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        DateTimeOffset? oldest = reader.IsDBNull(2) ? null : DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return new OutboxCounts(reader.GetInt32(0), reader.GetInt32(1), oldest);
    }

    public async Task SaveOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        await UpsertOutboxAsync(write, message, cancellationToken);
        await write.CommitAsync(cancellationToken);
    }

    private async Task<string> NextIdAsync(SqliteWrite write, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var day = TimeZoneInfo.ConvertTime(now, _idTimeZone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var command = write.Command("""
            INSERT INTO request_counters (day, last) VALUES ($day, 1)
            ON CONFLICT(day) DO UPDATE SET last = last + 1
            RETURNING last
            """);
        command.Parameters.AddWithValue("$day", day);
        var number = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return $"SR-{day}-{number.ToString("D4", CultureInfo.InvariantCulture)}";
    }

    private static async Task UpsertOutboxAsync(SqliteWrite write, OutboxMessage message, CancellationToken cancellationToken)
    {
        var command = write.Command("""
            INSERT INTO outbox (id, kind, request_id, status, next_attempt_at, created_at, document)
            VALUES ($id, $kind, $request, $status, $next, $created, $document)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, next_attempt_at = excluded.next_attempt_at, document = excluded.document
            """);
        command.Parameters.AddWithValue("$id", message.Id);
        command.Parameters.AddWithValue("$kind", message.Kind);
        command.Parameters.AddWithValue("$request", (object?)message.RequestId ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", message.Status.ToString());
        command.Parameters.AddWithValue("$next", Timestamp(message.NextAttemptAt));
        command.Parameters.AddWithValue("$created", Timestamp(message.CreatedAt));
        command.Parameters.AddWithValue("$document", JsonSerializer.Serialize(message, ServiceRequest.Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<ServiceRequest>> ReadRequestsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var found = new List<ServiceRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) found.Add(Deserialize(reader.GetString(0)));
        return found;
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var found = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.Add(JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), ServiceRequest.Json)!);
        return found;
    }

    private static async Task<ServiceRequest?> QuerySingleAsync(SqliteConnection connection, string sql, string parameter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await QuerySingleAsync(command, parameter, cancellationToken);
    }

    private static Task<ServiceRequest?> QuerySingleAsync(SqliteWrite write, string sql, string parameter, CancellationToken cancellationToken) =>
        QuerySingleAsync(write.Command(sql), parameter, cancellationToken);

    private static async Task<ServiceRequest?> QuerySingleAsync(SqliteCommand command, string parameter, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("$p", parameter);
        return await command.ExecuteScalarAsync(cancellationToken) is string document ? Deserialize(document) : null;
    }

    private static ServiceRequest Deserialize(string document) => JsonSerializer.Deserialize<ServiceRequest>(document, ServiceRequest.Json)!;

    // Fixed-width UTC text sorts in time order, which the outbox query relies on.
    private static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
