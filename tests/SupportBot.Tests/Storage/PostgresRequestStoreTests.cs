using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Storage;
using SupportBot.Tests.Requests;

namespace SupportBot.Tests.Storage;

/// <summary>
/// The request-store contract on the real PostgreSQL that ./test.sh starts (SUPPORTBOT_TEST_POSTGRES), plus what
/// only several instances on one database can show. Each test has a schema of its own.
/// </summary>
public sealed class PostgresRequestStoreTests : RequestStoreContractTests
{
    private readonly string _schema = $"requests_test_{Guid.NewGuid():N}";

    protected override IRequestStore CreateStore() => CreateStore(TestPostgres.DataSource);

    private PostgresRequestStore CreateStore(NpgsqlDataSource dataSource) =>
        new(dataSource, Options.Create(new RequestOptions()), Clock, _schema);

    [Fact]
    public async Task Two_instances_filing_the_same_submission_at_once_file_one_request()
    {
        await using var firstPool = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
        await using var secondPool = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
        var instances = new[] { CreateStore(firstPool), CreateStore(secondPool) };

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            instances[i % 2].FileAsync(Sample("double-click"), r => [OutboxMessage.Create("agent-notification", r.Id, new { r.Id }, Clock.Now)]))));

        Assert.Single(results, r => r.Created);
        Assert.Equal(["SR-20261121-0001"], results.Select(r => r.Request.Id).Distinct());
        Assert.Single(await instances[1].ListByRequesterAsync(Channels.WebChat, "29:user"));
        Assert.Single(await instances[0].DueOutboxAsync(Clock.Now, 100));
        // The losers took no number: the next filing is 0002.
        Assert.Equal("SR-20261121-0002", (await instances[1].FileAsync(Sample("next"), _ => [])).Request.Id);
    }

    [Fact]
    public async Task Two_instances_filing_different_submissions_at_once_take_consecutive_numbers()
    {
        await using var otherPool = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
        var instances = new[] { CreateStore(TestPostgres.DataSource), CreateStore(otherPool) };

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => instances[i % 2].FileAsync(Sample($"s{i}"), _ => []))));

        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"SR-20261121-{n:D4}"), results.Select(r => r.Request.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Two_workers_never_get_the_same_outbox_message_until_its_lease_runs_out()
    {
        await using var otherPool = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
        var workers = new[] { CreateStore(TestPostgres.DataSource), CreateStore(otherPool) };
        await workers[0].FileAsync(Sample("s"), r => Enumerable.Range(0, 20).Select(i => OutboxMessage.Create($"m{i}", r.Id, new { i }, Clock.Now)).ToList());

        var handedOut = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => workers[i % 2].DueOutboxAsync(Clock.Now, 5))));

        var ids = handedOut.SelectMany(batch => batch.Select(m => m.Id)).ToList();
        Assert.Equal(20, ids.Count);
        Assert.Equal(20, ids.Distinct().Count());
        Assert.Empty(await workers[0].DueOutboxAsync(Clock.Now, 100));

        // Saving a message ends its lease (here: rescheduled for now); one whose worker died comes back after the lease.
        var rescheduled = handedOut.First(batch => batch.Count > 0)[0];
        await workers[1].SaveOutboxAsync(rescheduled with { Attempts = 1, NextAttemptAt = Clock.Now });
        var aMinuteLater = Clock.Now + TimeSpan.FromMinutes(1);
        Assert.Equal([rescheduled.Id], (await workers[0].DueOutboxAsync(aMinuteLater, 100)).Select(m => m.Id));
        Assert.Equal(19, (await workers[1].DueOutboxAsync(Clock.Now + PostgresRequestStore.OutboxLease, 100)).Count);
    }

    [Fact]
    public async Task Requests_and_outbox_live_in_jsonb_with_a_unique_submission_id()
    {
        await CreateStore().GetAsync("x");

        await using var command = TestPostgres.DataSource.CreateCommand("""
            SELECT c.table_name || '.' || c.column_name || ':' || c.data_type FROM information_schema.columns c
            WHERE c.table_schema = @schema AND c.column_name IN ('document', 'submission_id', 'leased_until') ORDER BY 1
            """);
        command.Parameters.AddWithValue("schema", _schema);
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        Assert.Equal(["outbox.document:jsonb", "outbox.leased_until:timestamp with time zone", "requests.document:jsonb", "requests.submission_id:text"], columns);

        await using var insert = TestPostgres.DataSource.CreateCommand(
            $"INSERT INTO {_schema}.requests VALUES ('a', 'same', 'c', 'u', 'Submitted', now(), 1, '{{}}'), ('b', 'same', 'c', 'u', 'Submitted', now(), 1, '{{}}')");
        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    [Fact]
    public void Provider_Postgres_puts_the_request_store_on_PostgreSQL_too()
    {
        ServiceProvider Build(Dictionary<string, string?> settings) =>
            new ServiceCollection()
                .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = Path.GetTempPath() })
                .AddSupportStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
                .BuildServiceProvider();

        using var postgres = Build(new() { ["Storage:Provider"] = "Postgres", ["Storage:PostgresConnectionString"] = TestPostgres.ConnectionString });
        Assert.IsType<PostgresRequestStore>(postgres.GetRequiredService<IRequestStore>());
        using var sqlite = Build(new() { ["Storage:SqlitePath"] = Path.Combine(Path.GetTempPath(), $"provider-{Guid.NewGuid():N}.db") });
        Assert.IsType<SqliteRequestStore>(sqlite.GetRequiredService<IRequestStore>());
    }
}
