using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace SupportBot.Storage;

/// <summary>The /insights tables on PostgreSQL (<see cref="SqlInsightsStore"/>), next to the request store's tables.</summary>
public sealed partial class PostgresInsightsStore : SqlInsightsStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _prefix;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _initialized;

    /// <param name="schema">The PostgreSQL schema holding the tables (the request store's); null = the connection's search path.</param>
    public PostgresInsightsStore(NpgsqlDataSource dataSource, string? schema = null)
    {
        if (schema is not null && !Identifier().IsMatch(schema))
            throw new ArgumentException($"'{schema}' is not a plain PostgreSQL identifier (a-z, 0-9, _).", nameof(schema));
        _dataSource = dataSource;
        _schema = schema ?? "";
        _prefix = schema is null ? "" : $"{schema}.";
    }

    protected override string Table(string name) => _prefix + name;

    protected override string DocumentText => "r.document::text";

    protected override string RequestsTableExists => $"SELECT CASE WHEN to_regclass('{Table("requests")}') IS NULL THEN 0 ELSE 1 END";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken);
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    protected override async Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await write(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        if (_initialized) return;
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            await using var command = _dataSource.CreateCommand($"""
                {(_schema.Length > 0 ? $"CREATE SCHEMA IF NOT EXISTS {_schema};" : "")}
                {Schema(Table("insight_events"), Table("insight_requests"), "BIGINT", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")}
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
