using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using SupportBot.Bot.State;

namespace SupportBot.Storage;

/// <summary>
/// <see cref="IStorage"/> on PostgreSQL, for several bot instances sharing one database. Same rules as
/// <see cref="SqliteStorage"/>: a null ETag creates, <c>*</c> overwrites, any other ETag must still match;
/// the whole batch is one transaction, so a stale item fails the batch and writes nothing.
/// </summary>
public sealed partial class PostgresStorage : IStorage
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _table;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _initialized;

    /// <param name="schema">The PostgreSQL schema holding the table; null = the connection's search path (normally <c>public</c>).</param>
    public PostgresStorage(NpgsqlDataSource dataSource, string? schema = null)
    {
        if (schema is not null && !Identifier().IsMatch(schema))
            throw new ArgumentException($"'{schema}' is not a plain PostgreSQL identifier (a-z, 0-9, _).", nameof(schema));
        _dataSource = dataSource;
        _schema = schema ?? "";
        _table = schema is null ? "state_items" : $"{schema}.state_items";
    }

    public async Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        if (keys.Count == 0) return found;
        await EnsureTableAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"SELECT key, etag, value::text FROM {_table} WHERE key = ANY(@keys)");
        command.Parameters.AddWithValue("keys", keys.Distinct().ToArray());
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
        await EnsureTableAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Rows are locked in one order by every writer, so two batches touching the same keys cannot deadlock.
        foreach (var (key, change) in changes.OrderBy(change => change.Key, StringComparer.Ordinal))
        {
            var etag = Guid.NewGuid().ToString("N");
            // Each statement checks the ETag and writes in one step. Under READ COMMITTED a concurrent writer of the
            // same key waits for our row lock (or our uncommitted insert) and then sees our new ETag, so it fails.
            var sql = change.ETag switch
            {
                StoreItem.AnyETag => $"""
                    INSERT INTO {_table} (key, etag, value, updated_at) VALUES (@key, @etag, @value, now())
                    ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = excluded.updated_at
                    """,
                null => $"INSERT INTO {_table} (key, etag, value, updated_at) VALUES (@key, @etag, @value, now()) ON CONFLICT (key) DO NOTHING",
                _ => $"UPDATE {_table} SET etag = @etag, value = @value, updated_at = now() WHERE key = @key AND etag = @expected",
            };
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("etag", etag);
            command.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Jsonb) { Value = change.Value.GetRawText() });
            if (change.ETag is not (null or StoreItem.AnyETag)) command.Parameters.AddWithValue("expected", change.ETag);
            // Leaving without commit rolls the transaction back: nothing of a failed batch is written.
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1) throw new StorageConcurrencyException(key);
            etags[key] = etag;
        }
        await transaction.CommitAsync(cancellationToken);
        return etags;
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0) return;
        await EnsureTableAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE key = ANY(@keys)");
        command.Parameters.AddWithValue("keys", keys.Distinct().ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        // starts_with, not LIKE: '_' and '%' are ordinary characters in keys.
        await using var command = _dataSource.CreateCommand($"SELECT key FROM {_table} WHERE starts_with(key, @prefix) ORDER BY key COLLATE \"C\"");
        command.Parameters.AddWithValue("prefix", prefix);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) keys.Add(reader.GetString(0));
        return keys;
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_initialized) return;
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            var ddl = $"""
                {(_schema.Length > 0 ? $"CREATE SCHEMA IF NOT EXISTS {_schema};" : "")}
                CREATE TABLE IF NOT EXISTS {_table} (
                    key        text PRIMARY KEY,
                    etag       text NOT NULL,
                    value      jsonb NOT NULL,
                    updated_at timestamptz NOT NULL
                );
                """;
            await using var command = _dataSource.CreateCommand(ddl);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException error) when (error.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema)
            {
                // Another instance created it at the same moment: IF NOT EXISTS is not race-free in PostgreSQL.
            }
            _initialized = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
