using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;
using SupportBot.Storage;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Storage;

/// <summary>
/// Two bot instances on one PostgreSQL database (the same schema, each its own pool): turns of one conversation
/// wait for each other across the instances instead of failing the ETag check.
/// </summary>
public sealed class PostgresConversationLockTests : IAsyncLifetime
{
    private readonly string _schema = $"turns_test_{Guid.NewGuid():N}";
    private FakeConnector _connector = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        await using var create = TestPostgres.DataSource.CreateCommand($"CREATE SCHEMA {_schema}");
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await using var drop = TestPostgres.DataSource.CreateCommand($"DROP SCHEMA {_schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    // Every table of the app lands in the test's schema through the search path.
    private string ConnectionString => new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { SearchPath = _schema }.ConnectionString;

    private BotAppFactory Instance() => new(new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:PostgresConnectionString"] = ConnectionString,
        // The transcript keeps every message's id in conversation state: a lost update would lose one.
        ["Handoff:SendHandoffInitiate"] = "true",
        ["Handoff:TranscriptLength"] = "500",
        ["Outbox:Enabled"] = "false",
    });

    [Fact]
    public async Task Twenty_simultaneous_messages_of_one_conversation_over_two_instances_all_succeed_and_all_are_kept()
    {
        await using var first = Instance();
        await using var second = Instance();
        Assert.All([first, second], bot => Assert.IsType<PostgresStorage>(bot.Services.GetRequiredService<IStorage>()));
        HttpClient[] instances = [first.CreateClient(), second.CreateClient()];
        var template = Activities.TeamsPersonalMessage("", _connector.ServiceUrl, userId: "29:two-instances");
        Activity Message(string id, string text)
        {
            var message = template.Clone();
            message.Id = id;
            message.Text = text;
            return message;
        }
        Assert.Equal(HttpStatusCode.OK, (await instances[0].PostAsJsonAsync("/api/messages", Message("hello", "hello"), ProtocolJson.Options)).StatusCode);

        var ids = Enumerable.Range(1, 20).Select(i => $"simultaneous-{i}").ToList();
        var answers = await Task.WhenAll(ids.Select((id, i) =>
            instances[i % 2].PostAsJsonAsync("/api/messages", Message(id, $"I have a question about my invoice ({i})"), ProtocolJson.Options)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var replies = _connector.Messages;
        Assert.DoesNotContain(replies, reply => reply.Text?.Contains("something went wrong", StringComparison.Ordinal) == true);
        Assert.All(ids, id => Assert.Contains(replies, reply => reply.ReplyToId == id)); // every message was answered
        var stored = await first.Services.GetRequiredService<IStorage>().ReadAsync([TurnStateStore.ConversationKey(template)]);
        var kept = stored.Values.Single().Value.GetProperty("transcript").GetProperty("activities").EnumerateArray()
            .Select(activity => activity.TryGetProperty("id", out var id) ? id.GetString() : null).ToHashSet();
        Assert.True(ids.All(kept.Contains), $"kept: {string.Join(", ", kept)}"); // no turn's state was overwritten by another's
    }

    [Fact]
    public async Task A_second_instance_waits_for_the_first_and_then_gets_the_lock()
    {
        await using var otherPool = NpgsqlDataSource.Create(ConnectionString);
        var one = new PostgresConversationLock(TestPostgres.DataSource, NullLogger<PostgresConversationLock>.Instance);
        var other = new PostgresConversationLock(otherPool, NullLogger<PostgresConversationLock>.Instance);
        await using var _ = one;
        await using var __ = other;

        var held = await one.AcquireAsync($"{_schema}/conversations/a", CancellationToken.None);
        var waiting = other.AcquireAsync($"{_schema}/conversations/a", CancellationToken.None);
        var elsewhere = await other.AcquireAsync($"{_schema}/conversations/b", CancellationToken.None); // another conversation goes on
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var got = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        await elsewhere.DisposeAsync();
    }
}
