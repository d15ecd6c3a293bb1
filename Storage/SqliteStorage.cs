using System.Text.Json;
using Microsoft.Data.Sqlite;
using SupportBot.Bot.State;

namespace SupportBot.Storage;

/// <summary>The default <see cref="IStorage"/>: one SQLite table, ETags checked inside an immediate transaction.</summary>
public sealed class SqliteStorage : IStorage
{
    private readonly SqliteDatabase _database;

    public SqliteStorage(SqliteDatabase database)
    {
        _database = database;
        _database.AddSchema("""
            CREATE TABLE IF NOT EXISTS state_items (
                key        TEXT PRIMARY KEY,
                etag       TEXT NOT NULL,
                value      TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            """);
    }

    public async Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        if (keys.Count == 0) return found;
        await using var connection = await _database.OpenAsync(cancellationToken);
        foreach (var key in keys.Distinct())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, value FROM state_items WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                using var document = JsonDocument.Parse(reader.GetString(1));
                found[key] = new StoreItem(document.RootElement.Clone(), reader.GetString(0));
            }
        }
        return found;
    }

    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (changes.Count == 0) return etags;
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        var (connection, transaction) = write;
        foreach (var (key, change) in changes)
        {
            var stored = await ReadETagAsync(connection, transaction, key, cancellationToken);
            if (!StoreETags.Matches(change.ETag, stored)) throw new StorageConcurrencyException(key);

            var etag = Guid.NewGuid().ToString("N");
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO state_items (key, etag, value, updated_at) VALUES ($key, $etag, $value, $now)
                ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = excluded.updated_at
                """;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$etag", etag);
            command.Parameters.AddWithValue("$value", change.Value.GetRawText());
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
            await command.ExecuteNonQueryAsync(cancellationToken);
            etags[key] = etag;
        }
        await transaction.CommitAsync(cancellationToken);
        return etags;
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        var (connection, transaction) = write;
        foreach (var key in keys)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM state_items WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // A range on the primary key (not LIKE: '_' and '%' are ordinary characters in keys). Keys compare as
        // BINARY (byte order of UTF-8), so prefix + U+10FFFF is past every key that starts with the prefix.
        command.CommandText = "SELECT key FROM state_items WHERE key >= $prefix AND key < $end ORDER BY key";
        command.Parameters.AddWithValue("$prefix", prefix);
        command.Parameters.AddWithValue("$end", prefix + char.ConvertFromUtf32(0x10FFFF));
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) keys.Add(reader.GetString(0));
        return keys;
    }

    private static async Task<string?> ReadETagAsync(SqliteConnection connection, SqliteTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT etag FROM state_items WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
