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
        await using var command = connection.CreateCommand();
        // One statement for all keys (a turn reads its conversation and its user together).
        var names = new List<string>(keys.Count);
        foreach (var key in keys.Distinct())
        {
            var name = $"$k{names.Count}";
            names.Add(name);
            command.Parameters.AddWithValue(name, key);
        }
        command.CommandText = $"SELECT key, etag, value FROM state_items WHERE key IN ({string.Join(", ", names)})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(reader.GetString(2));
            found[reader.GetString(0)] = new StoreItem(document.RootElement.Clone(), reader.GetString(1));
        }
        return found;
    }

    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (changes.Count == 0) return etags;
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        foreach (var (key, change) in changes)
        {
            // The ETag check and the write are one statement; inside the immediate transaction nobody else writes.
            var command = write.Command(change.ETag switch
            {
                StoreItem.AnyETag => """
                    INSERT INTO state_items (key, etag, value, updated_at) VALUES ($key, $etag, $value, $now)
                    ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = excluded.updated_at
                    """,
                null => "INSERT INTO state_items (key, etag, value, updated_at) VALUES ($key, $etag, $value, $now) ON CONFLICT(key) DO NOTHING",
                _ => "UPDATE state_items SET etag = $etag, value = $value, updated_at = $now WHERE key = $key AND etag = $expected",
            });
            var etag = Guid.NewGuid().ToString("N");
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$etag", etag);
            command.Parameters.AddWithValue("$value", change.Value.GetRawText());
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
            if (change.ETag is not (null or StoreItem.AnyETag)) command.Parameters.AddWithValue("$expected", change.ETag);
            // Leaving without commit rolls back: nothing of a stale batch is written.
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1) throw new StorageConcurrencyException(key);
            etags[key] = etag;
        }
        await write.CommitAsync(cancellationToken);
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
        await write.CommitAsync(cancellationToken);
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
}
