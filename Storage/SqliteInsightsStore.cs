using System.Data.Common;

namespace SupportBot.Storage;

/// <summary>The /insights tables in the bot's SQLite file (<see cref="SqlInsightsStore"/>).</summary>
public sealed class SqliteInsightsStore : SqlInsightsStore
{
    private readonly SqliteDatabase _database;

    public SqliteInsightsStore(SqliteDatabase database)
    {
        _database = database;
        _database.AddSchema(Schema("insight_events", "insight_requests", "INTEGER", "INTEGER PRIMARY KEY AUTOINCREMENT"));
    }

    protected override string Table(string name) => name;

    protected override string DocumentText => "r.document";

    protected override string RequestsTableExists => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'requests'";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await _database.OpenAsync(cancellationToken);

    protected override async Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken)
    {
        await using var transaction = await _database.BeginWriteAsync(cancellationToken);
        await write(transaction.Connection, transaction.Transaction);
        await transaction.CommitAsync(cancellationToken);
    }
}
