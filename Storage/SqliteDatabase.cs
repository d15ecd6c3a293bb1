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

/// <summary>
/// Opens connections to the bot's SQLite file and creates its tables once. Reads use pooled connections; writes go
/// one at a time through one long-lived writer connection whose statements stay prepared (<see cref="SqliteWrite.Command"/>),
/// and the WAL is checkpointed by a background thread instead of inside some turn's commit.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    // A checkpoint copies the WAL into the database file and fsyncs it. Done by the commit that crosses SQLite's
    // 1000-page threshold (the default), it stalled that turn and every writer queued behind it for as long as the
    // disk took: up to a second on a busy machine. Here the writer never checkpoints; a thread of its own does,
    // PASSIVE (it never blocks the writer), twice a second when something was committed. Once a checkpoint has
    // copied everything, the next commit starts the WAL over (cut back to journal_size_limit).
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(500);
    private const int IdleIntervalsBeforeExit = 60;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    // One writer at a time in this process. SQLite allows one writer per file anyway; queueing here costs
    // microseconds, where a writer finding the file locked would wait in SQLite's busy handler.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly List<string> _schema = [];
    private readonly CancellationTokenSource _stopping = new();
    private SqliteConnection? _writer;
    private readonly Dictionary<string, SqliteCommand> _writerCommands = new(StringComparer.Ordinal);
    private readonly Lock _checkpointerGate = new();
    private Thread? _checkpointer;
    private int _commitsSinceCheckpoint;
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

    /// <summary>A pooled connection for reading (WAL: readers never wait for the writer).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_initialized) await InitializeAsync(connection, cancellationToken);
        return connection;
    }

    /// <summary>An immediate (write) transaction on the writer connection, after the writers before it in this process.</summary>
    public async Task<SqliteWrite> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var writer = _writer ??= await OpenWriterAsync(cancellationToken);
            // BEGIN IMMEDIATE takes the write lock up front, so a check and the write after it cannot interleave.
            return new SqliteWrite(this, writer, writer.BeginTransaction(deferred: false));
        }
        catch
        {
            DropWriter();
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>The writer's prepared command for <paramref name="sql"/>; only valid inside the current write.</summary>
    internal SqliteCommand WriterCommand(string sql, SqliteTransaction transaction)
    {
        if (!_writerCommands.TryGetValue(sql, out var command))
        {
            command = _writer!.CreateCommand();
            command.CommandText = sql;
            _writerCommands[sql] = command;
        }
        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    internal void EndWrite(bool committed, bool failed)
    {
        try
        {
            if (failed) DropWriter(); // the connection's state is unknown: the next write starts on a fresh one
            else if (committed)
            {
                Interlocked.Increment(ref _commitsSinceCheckpoint);
                if (Volatile.Read(ref _checkpointer) is null) StartCheckpointer();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var writer = await OpenAsync(cancellationToken);
        // synchronous=NORMAL in WAL: a commit is in the WAL before it returns, so a crash of the process loses
        // nothing; only a power cut can lose the last commits (the WAL is fsynced at checkpoints). Not OFF.
        // busy_timeout only matters if another process writes the same file (not supported, but not corrupting).
        await ExecuteAsync(writer, "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 4194304; PRAGMA busy_timeout = 5000;", cancellationToken);
        return writer;
    }

    private void DropWriter()
    {
        foreach (var command in _writerCommands.Values) command.Dispose();
        _writerCommands.Clear();
        _writer?.Dispose();
        _writer = null;
    }

    private void StartCheckpointer()
    {
        lock (_checkpointerGate)
        {
            if (_checkpointer is not null || _stopping.IsCancellationRequested) return;
            _checkpointer = new Thread(CheckpointLoop) { IsBackground = true, Name = "SQLite checkpoint" };
            _checkpointer.Start();
        }
    }

    // A thread of its own: a checkpoint blocks on fsync, which must not take a thread-pool thread from the turns.
    private void CheckpointLoop()
    {
        using var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            var idle = 0;
            while (!_stopping.Token.WaitHandle.WaitOne(CheckpointInterval))
            {
                if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0)
                {
                    // Nothing written for a while: end the thread; the next commit starts another.
                    if (++idle < IdleIntervalsBeforeExit) continue;
                    lock (_checkpointerGate)
                    {
                        if (Volatile.Read(ref _commitsSinceCheckpoint) > 0) { idle = 0; continue; }
                        _checkpointer = null;
                        return;
                    }
                }
                idle = 0;
                using var reader = checkpoint.ExecuteReader();
                // Columns: busy, pages in the WAL, pages checkpointed (https://sqlite.org/pragma.html#pragma_wal_checkpoint).
                if (reader.Read() && reader.GetInt64(2) < reader.GetInt64(1))
                    Interlocked.Increment(ref _commitsSinceCheckpoint); // readers were in the way: go on next time
            }
            // Shutting down: leave a small WAL behind.
            checkpoint.ExecuteNonQuery();
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
        }
        catch (SqliteException)
        {
            // The next commit starts a new checkpointer; until then the WAL just grows.
            lock (_checkpointerGate) _checkpointer = null;
            Interlocked.Exchange(ref _commitsSinceCheckpoint, 0);
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

    public void Dispose()
    {
        _stopping.Cancel();
        _checkpointer?.Join(TimeSpan.FromSeconds(5));
        _writeGate.Wait(TimeSpan.FromSeconds(5));
        DropWriter();
    }
}

/// <summary>A write transaction on the bot's SQLite file; disposing it rolls back what was not committed and lets the next writer in.</summary>
public sealed class SqliteWrite : IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private bool _committed;

    internal SqliteWrite(SqliteDatabase database, SqliteConnection connection, SqliteTransaction transaction)
    {
        _database = database;
        Connection = connection;
        Transaction = transaction;
    }

    public SqliteConnection Connection { get; }
    public SqliteTransaction Transaction { get; }

    public void Deconstruct(out SqliteConnection connection, out SqliteTransaction transaction) => (connection, transaction) = (Connection, Transaction);

    /// <summary>A prepared command for <paramref name="sql"/> in this transaction; reused by later writes, so don't dispose it.</summary>
    public SqliteCommand Command(string sql) => _database.WriterCommand(sql, Transaction);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        var failed = false;
        try
        {
            await Transaction.DisposeAsync(); // rolls back unless committed
        }
        catch (Exception)
        {
            failed = true;
        }
        finally
        {
            _database.EndWrite(_committed, failed);
        }
    }
}
