using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SupportBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (default: one file, one instance) or <c>Postgres</c> (several instances).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite file, relative to the content root.</summary>
    public string SqlitePath { get; set; } = "data/supportbot.db";

    public string? PostgresConnectionString { get; set; }
}

/// <summary>Opens connections to the bot's SQLite file and creates its tables once.</summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly List<string> _schema = [];
    private volatile bool _initialized;

    static SqliteDatabase() => SQLitePCL.Batteries_V2.Init();

    public SqliteDatabase(IOptions<StorageOptions> options, IHostEnvironment environment)
        : this(System.IO.Path.IsPathRooted(options.Value.SqlitePath) ? options.Value.SqlitePath : System.IO.Path.Combine(environment.ContentRootPath, options.Value.SqlitePath))
    {
    }

    public SqliteDatabase(string path)
    {
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Cache = SqliteCacheMode.Private, Pooling = true }.ToString();
    }

    public string Path { get; }

    /// <summary>Adds DDL (idempotent CREATE … IF NOT EXISTS) that runs before the first connection is handed out.</summary>
    public void AddSchema(string ddl)
    {
        lock (_schema) _schema.Add(ddl);
        _initialized = false;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Waiting on a busy writer beats failing; WAL lets readers go on while one turn writes.
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", cancellationToken);
        if (!_initialized) await InitializeAsync(connection, cancellationToken);
        return connection;
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            string[] ddl;
            lock (_schema) ddl = [.. _schema];
            foreach (var statement in ddl) await ExecuteAsync(connection, statement, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
