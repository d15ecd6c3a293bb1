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
    // One writer at a time in this process. SQLite allows one writer per file anyway, and a writer that finds the file
    // locked waits 150 ms per retry (see OpenAsync); queueing here costs microseconds instead.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
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
        // No busy_timeout: SQLite's own busy handler in the bundled e_sqlite3 build sleeps whole seconds per retry (turns
        // of exactly 1 s and 2 s showed in the benchmark). Without it Microsoft.Data.Sqlite retries a locked statement
        // every 150 ms until the command timeout (30 s), which is the finer wait.
        await ExecuteAsync(connection, "PRAGMA synchronous = NORMAL;", cancellationToken);
        if (!_initialized) await InitializeAsync(connection, cancellationToken);
        return connection;
    }

    /// <summary>A connection with an immediate (write) transaction, after the writers before it in this process.</summary>
    public async Task<SqliteWrite> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        SqliteConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken);
            // BEGIN IMMEDIATE takes the write lock up front, so a check and the write after it cannot interleave.
            return new SqliteWrite(connection, connection.BeginTransaction(deferred: false), _writeGate);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            _writeGate.Release();
            throw;
        }
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            string[] ddl;
            lock (_schema) ddl = [.. _schema];
            // WAL lets readers go on while one turn writes; the mode is kept in the file, so set it once.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
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

/// <summary>A write transaction on the bot's SQLite file; disposing it rolls back what was not committed and lets the next writer in.</summary>
public sealed class SqliteWrite(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim gate) : IAsyncDisposable
{
    public SqliteConnection Connection { get; } = connection;
    public SqliteTransaction Transaction { get; } = transaction;

    public void Deconstruct(out SqliteConnection connection, out SqliteTransaction transaction) => (connection, transaction) = (Connection, Transaction);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            gate.Release();
        }
    }
}
