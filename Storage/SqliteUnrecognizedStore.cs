using System.Globalization;
using Microsoft.Data.Sqlite;
using SupportBot.Recognition.Unrecognized;

namespace SupportBot.Storage;

/// <summary>What the bot did not understand, in the bot's SQLite file (table <c>unrecognized_messages</c>).</summary>
public sealed class SqliteUnrecognizedStore : IUnrecognizedStore
{
    private readonly SqliteDatabase _database;

    public SqliteUnrecognizedStore(SqliteDatabase database)
    {
        _database = database;
        // created_at: ISO 8601 UTC with a fixed width ("O"), so text order is time order.
        _database.AddSchema("""
            CREATE TABLE IF NOT EXISTS unrecognized_messages (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                language       TEXT NOT NULL,
                text_masked    TEXT NOT NULL,
                text_key       TEXT NOT NULL,
                intent_guessed TEXT NOT NULL,
                score          REAL NOT NULL,
                created_at     TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS unrecognized_by_language ON unrecognized_messages (language, created_at);
            CREATE INDEX IF NOT EXISTS unrecognized_by_time ON unrecognized_messages (created_at);
            """);
    }

    public async Task AddAsync(UnrecognizedMessage message, CancellationToken cancellationToken = default)
    {
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        var (connection, transaction) = write;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO unrecognized_messages (language, text_masked, text_key, intent_guessed, score, created_at)
            VALUES ($language, $text, $key, $intent, $score, $at)
            """;
        command.Parameters.AddWithValue("$language", message.Language);
        command.Parameters.AddWithValue("$text", message.TextMasked);
        command.Parameters.AddWithValue("$key", UnrecognizedText.Key(message.TextMasked));
        command.Parameters.AddWithValue("$intent", message.IntentGuessed);
        command.Parameters.AddWithValue("$score", message.Score);
        command.Parameters.AddWithValue("$at", Timestamp(message.At));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UnrecognizedSummary>> MostFrequentAsync(string? language, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The example text and guess are the latest ones of the group (SQLite takes the bare columns from the MAX row).
        command.CommandText = """
            SELECT language, text_masked, COUNT(*), intent_guessed, AVG(score), MAX(created_at)
            FROM unrecognized_messages
            WHERE created_at >= $since AND ($language IS NULL OR language = $language)
            GROUP BY language, text_key
            ORDER BY COUNT(*) DESC, MAX(created_at) DESC, text_key
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$since", Timestamp(since));
        command.Parameters.AddWithValue("$language", (object?)language ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<UnrecognizedSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new UnrecognizedSummary(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetDouble(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)));
        return result;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        var (connection, transaction) = write;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM unrecognized_messages WHERE created_at < $cutoff";
        command.Parameters.AddWithValue("$cutoff", Timestamp(cutoff));
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
