using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Storage;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Storage;

/// <summary>
/// Durability as the product owner tries it: the bot in its own process files a request and sends the receipt,
/// is killed with SIGKILL right after, and restarts on the same SQLite file.
/// </summary>
public sealed class SqliteCrashTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"crash-{Guid.NewGuid():N}.db");
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }

    private Task<AppProcess> StartBotAsync() => AppProcess.StartAsync(AppProcess.BesideTests, new Dictionary<string, string>
    {
        ["Storage__SqlitePath"] = _database,
        ["Bot__MicrosoftAppId"] = "",
        // The agents' notification must stay in the outbox (pending), where the test can see it after the crash.
        ["Outbox__Enabled"] = "false",
    });

    [Fact]
    public async Task Kill_9_right_after_the_receipt_loses_neither_the_request_nor_its_outbox_messages()
    {
        string id;
        await using (var bot = await StartBotAsync())
        {
            using var http = new HttpClient { BaseAddress = bot.Address };
            var customer = new HttpConversation(http, _connector, Activities.WebChatMessage("", _connector.ServiceUrl, userId: "dl_crash-customer", conversationId: "crash-conv"));
            await customer.JoinAsync();
            var form = await customer.SendAsync(ReplyReading.Submit(JsonSerializer.SerializeToElement(new { topic = "intent", value = "PartnerCenterIssue" })));
            var receipt = HttpConversation.Only(await customer.SendAsync(ReplyReading.Submit(HttpConversation.FormSubmit(form), SampleForms.ServiceRequest())), "received");
            id = System.Text.RegularExpressions.Regex.Match(receipt.Visible(), @"SR-\d{8}-\d{4}").Value;
            Assert.NotEmpty(id);

            await bot.KillHardAsync();
        }

        await using var restarted = await StartBotAsync();
        using var database = new SqliteDatabase(_database);
        var store = new SqliteRequestStore(database, Options.Create(new RequestOptions()), TimeProvider.System);
        var request = Assert.Single(await store.ListByRequesterAsync(Channels.WebChat, "dl_crash-customer"));
        Assert.Equal(id, request.Id);
        var notification = Assert.Single(await store.DueOutboxAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10), message => message.RequestId == id);
        Assert.Equal("agent-notification", notification.Kind);

        // The restarted bot knows the request too.
        using var again = new HttpClient { BaseAddress = restarted.Address };
        var status = await new HttpConversation(again, _connector, Activities.WebChatMessage("", _connector.ServiceUrl, userId: "dl_crash-customer", conversationId: "crash-conv")).SayAsync("my requests");
        Assert.Contains(status, reply => reply.Visible().Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writes_commit_to_the_wal_with_synchronous_normal_not_off()
    {
        using var database = new SqliteDatabase(_database);
        await using var write = await database.BeginWriteAsync();

        // 1 = NORMAL: in WAL mode a commit is durable against a crash of the process (only a power cut can undo the last ones).
        Assert.Equal(1L, await write.Command("PRAGMA synchronous").ExecuteScalarAsync());
        Assert.Equal("wal", await write.Command("PRAGMA journal_mode").ExecuteScalarAsync());
    }
}
