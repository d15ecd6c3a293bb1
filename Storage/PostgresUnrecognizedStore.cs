using System.Text.RegularExpressions;
using Npgsql;
using SupportBot.Recognition.Unrecognized;

namespace SupportBot.Storage;

/// <summary>What the bot did not understand, on PostgreSQL (table <c>unrecognized_messages</c>); the contract of <see cref="SqliteUnrecognizedStore"/>.</summary>
public sealed partial class PostgresUnrecognizedStore : IUnrecognizedStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _prefix;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _initialized;

    /// <param name="schema">The PostgreSQL schema holding the table; null = the connection's search path (normally <c>public</c>).</param>
    public PostgresUnrecognizedStore(NpgsqlDataSource dataSource, string? schema = null)
    {
        if (schema is not null && !Identifier().IsMatch(schema))
            throw new ArgumentException($"'{schema}' is not a plain PostgreSQL identifier (a-z, 0-9, _).", nameof(schema));
        _dataSource = dataSource;
        _schema = schema ?? "";
        _prefix = schema is null ? "" : $"{schema}.";
    }

    public async Task AddAsync(UnrecognizedMessage message, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_prefix}unrecognized_messages (language, text_masked, text_key, intent_guessed, score, created_at)
            VALUES (@language, @text, @key, @intent, @score, @at)
            """);
        command.Parameters.AddWithValue("language", message.Language);
        command.Parameters.AddWithValue("text", message.TextMasked);
        command.Parameters.AddWithValue("key", UnrecognizedText.Key(message.TextMasked));
        command.Parameters.AddWithValue("intent", message.IntentGuessed);
        command.Parameters.AddWithValue("score", message.Score);
        command.Parameters.AddWithValue("at", message.At.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UnrecognizedSummary>> MostFrequentAsync(string? language, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        // The example text and guess are the latest ones of the group.
        await using var command = _dataSource.CreateCommand($"""
            SELECT language, (ARRAY_AGG(text_masked ORDER BY created_at DESC))[1], COUNT(*)::int,
                   (ARRAY_AGG(intent_guessed ORDER BY created_at DESC))[1], AVG(score), MAX(created_at)
            FROM {_prefix}unrecognized_messages
            WHERE created_at >= @since AND (@language::text IS NULL OR language = @language::text)
            GROUP BY language, text_key
            ORDER BY COUNT(*) DESC, MAX(created_at) DESC, text_key
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        command.Parameters.AddWithValue("language", (object?)language ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var result = new List<UnrecognizedSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new UnrecognizedSummary(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetDouble(4),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc))));
        return result;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_prefix}unrecognized_messages WHERE created_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_initialized) return;
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            await using var command = _dataSource.CreateCommand($"""
                {(_schema.Length > 0 ? $"CREATE SCHEMA IF NOT EXISTS {_schema};" : "")}
                CREATE TABLE IF NOT EXISTS {_prefix}unrecognized_messages (
                    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    language       TEXT NOT NULL,
                    text_masked    TEXT NOT NULL,
                    text_key       TEXT NOT NULL,
                    intent_guessed TEXT NOT NULL,
                    score          DOUBLE PRECISION NOT NULL,
                    created_at     TIMESTAMPTZ NOT NULL
                );
                CREATE INDEX IF NOT EXISTS unrecognized_by_language ON {_prefix}unrecognized_messages (language, created_at);
                CREATE INDEX IF NOT EXISTS unrecognized_by_time ON {_prefix}unrecognized_messages (created_at);
                """);
            await command.ExecuteNonQueryAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
