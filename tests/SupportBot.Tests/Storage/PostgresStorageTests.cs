using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using SupportBot.Bot.State;
using SupportBot.Storage;

namespace SupportBot.Tests.Storage;

/// <summary>
/// The IStorage contract on a real PostgreSQL: ./test.sh starts one and puts its connection string in
/// SUPPORTBOT_TEST_POSTGRES. Every storage gets a schema of its own, so tests never see each other's rows.
/// </summary>
public sealed class PostgresStorageTests : StorageContractTests
{
    protected override IStorage CreateStorage() => new PostgresStorage(TestPostgres.DataSource, $"storage_test_{Guid.NewGuid():N}");

    [Fact]
    public async Task The_table_has_key_etag_jsonb_value_and_updated_at()
    {
        var schema = $"storage_test_{Guid.NewGuid():N}";
        await new PostgresStorage(TestPostgres.DataSource, schema).ReadAsync(["x"]);

        await using var command = TestPostgres.DataSource.CreateCommand(
            "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = @schema AND table_name = 'state_items' ORDER BY ordinal_position");
        command.Parameters.AddWithValue("schema", schema);
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));

        Assert.Equal(["key:text", "etag:text", "value:jsonb", "updated_at:timestamp with time zone"], columns);
    }

    [Fact]
    public async Task Two_instances_on_one_database_share_items_and_etags()
    {
        var schema = $"storage_test_{Guid.NewGuid():N}";
        var first = new PostgresStorage(TestPostgres.DataSource, schema);
        await using var otherPool = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
        var second = new PostgresStorage(otherPool, schema);
        var etag = (await first.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(System.Text.Json.JsonDocument.Parse("{\"v\":1}").RootElement, null) }))["k"];

        await second.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(System.Text.Json.JsonDocument.Parse("{\"v\":2}").RootElement, etag) });

        await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            first.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(System.Text.Json.JsonDocument.Parse("{\"v\":3}").RootElement, etag) }));
        Assert.Equal(2, (await first.ReadAsync(["k"]))["k"].Value.GetProperty("v").GetInt32());
    }

    [Fact]
    public void Provider_Postgres_selects_this_store_and_needs_a_connection_string()
    {
        ServiceProvider Build(Dictionary<string, string?> settings) =>
            new ServiceCollection()
                .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = Path.GetTempPath() })
                .AddSupportStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
                .BuildServiceProvider();

        using var services = Build(new() { ["Storage:Provider"] = "Postgres", ["Storage:PostgresConnectionString"] = TestPostgres.ConnectionString });
        Assert.IsType<PostgresStorage>(services.GetRequiredService<IStorage>());

        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Storage:Provider"] = "Postgres" }));
        Assert.Contains("Storage:PostgresConnectionString", error.Message);
        Assert.Throws<InvalidOperationException>(() => Build(new() { ["Storage:Provider"] = "Mongo" }));
        using var sqlite = Build(new() { ["Storage:SqlitePath"] = Path.Combine(Path.GetTempPath(), $"provider-{Guid.NewGuid():N}.db") });
        Assert.IsType<SqliteStorage>(sqlite.GetRequiredService<IStorage>());
    }
}

/// <summary>The PostgreSQL that ./test.sh started; without it the tests fail (never skip) and say how to get one.</summary>
internal static class TestPostgres
{
    public const string Variable = "SUPPORTBOT_TEST_POSTGRES";

    private static readonly Lazy<NpgsqlDataSource> Source = new(() => NpgsqlDataSource.Create(ConnectionString));

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL storage tests need a real server: run ./test.sh, which starts one and sets {Variable}.");

    public static NpgsqlDataSource DataSource => Source.Value;
}
