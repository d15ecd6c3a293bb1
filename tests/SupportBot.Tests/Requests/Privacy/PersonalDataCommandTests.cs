using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;
using SupportBot.Requests;
using SupportBot.Storage;
using SupportBot.Tests.Bot.DirectLine;
using SupportBot.Tests.Storage;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Requests.Privacy;

/// <summary>
/// Issue 11 finding 9 (PIPL): <c>dotnet run -- personal-data export|delete &lt;userId&gt;</c> gives an operator one
/// person's data (requests with notes and history, outbox rows, conversation and user state, Direct Line
/// transcripts) and deletes it, on SQLite and on PostgreSQL, leaving everybody else's alone.
/// </summary>
public abstract class PersonalDataCommandContractTests
{
    /// <summary>Settings of the bot and of the command: the same storage.</summary>
    protected abstract Dictionary<string, string?> StorageSettings();

    protected string[] CommandArgs(params string[] args) =>
        [.. args, .. StorageSettings().SelectMany(s => new[] { $"--{s.Key}", s.Value ?? "" })];

    /// <summary>The stores the bot and the command use, on this test's storage.</summary>
    private ServiceProvider Stores() =>
        new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = Path.GetTempPath() })
            .AddSingleton(TimeProvider.System)
            .AddSupportStorage(new ConfigurationBuilder().AddInMemoryCollection(StorageSettings()).Build())
            .AddSingleton<DirectLineConversationStore>()
            .AddOptions()
            .BuildServiceProvider();

    /// <summary>What the bot keeps of a person who chatted in the web chat and filed a request: written with the bot's own stores.</summary>
    private async Task<ServiceRequest> SeedAsync(string userId, string words)
    {
        await using var stores = Stores();
        var requests = stores.GetRequiredService<IRequestStore>();
        var directLine = stores.GetRequiredService<DirectLineConversationStore>();
        var conversationId = $"conv-{Guid.NewGuid():N}";
        var conversation = await directLine.GetOrCreateAsync(conversationId, userId, "en-US", CancellationToken.None);
        await directLine.AppendAsync(conversation, new Activity { Type = ActivityTypes.Message, Text = words, From = new ChannelAccount(userId) }, CancellationToken.None);
        var filed = (await requests.FileAsync(SampleRequests.WebChat(userId, words, new() { ["description"] = words }, conversationId),
            r => [OutboxMessage.Create(OutboxKinds.AgentNotification, r.Id, new AgentNotification(r.Id, AgentNotification.Created), DateTimeOffset.UtcNow)])).Request;
        await requests.UpdateAsync(filed.Id, r => r with { Notes = [.. r.Notes, new RequestNote("Agent Smith", DateTimeOffset.UtcNow, $"note for {userId}")] });
        await stores.GetRequiredService<IStorage>().WriteAsync(new Dictionary<string, StoreItem>
        {
            [$"directline/users/{userId}"] = new(JsonSerializer.SerializeToElement(new { supportProfile = new { language = "en" } }), StoreItem.AnyETag),
            [$"directline/conversations/{conversationId}"] = new(JsonSerializer.SerializeToElement(new { liveChat = new { requestId = filed.Id } }), StoreItem.AnyETag),
        });
        return filed;
    }

    protected async Task<JsonElement> ExportAsync(string userId)
    {
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.json");
        Assert.True(SupportBot.CommandLine.TryGet("personal-data", out var run));
        Assert.Equal(0, await run(CommandArgs("export", userId, file)));
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Export_gives_one_persons_data_and_delete_removes_it_and_nothing_else()
    {
        var me = $"dl_me-{Guid.NewGuid():N}";
        var other = $"dl_other-{Guid.NewGuid():N}";
        var mine = await SeedAsync(me, "my printer is on fire");
        var theirs = await SeedAsync(other, "their outlook is slow");

        var export = await ExportAsync(me);

        Assert.Equal(me, export.GetProperty("userId").GetString());
        var request = Assert.Single(export.GetProperty("requests").EnumerateArray());
        Assert.Equal(mine.Id, request.GetProperty("id").GetString());
        Assert.Contains($"note for {me}", request.GetProperty("notes").GetRawText());
        Assert.NotEmpty(request.GetProperty("history").EnumerateArray());
        Assert.Contains(export.GetProperty("outbox").EnumerateArray(), m => m.GetProperty("requestId").GetString() == mine.Id);
        Assert.Contains(export.GetProperty("state").EnumerateObject(), p => p.Name == $"directline/users/{me}");
        Assert.Contains(export.GetProperty("state").EnumerateObject(), p => p.Name.StartsWith("directline/conversations/", StringComparison.Ordinal));
        Assert.Contains("my printer is on fire", Assert.Single(request.GetProperty("form").EnumerateObject()).Value.GetString());
        var transcript = Assert.Single(export.GetProperty("directLine").EnumerateArray());
        Assert.Contains("my printer is on fire", transcript.GetRawText());
        Assert.DoesNotContain(other, export.GetRawText());
        Assert.DoesNotContain("their outlook is slow", export.GetRawText());

        Assert.True(SupportBot.CommandLine.TryGet("personal-data", out var run));
        Assert.Equal(0, await run(CommandArgs("delete", me)));

        var after = await ExportAsync(me);
        Assert.Empty(after.GetProperty("requests").EnumerateArray());
        Assert.Empty(after.GetProperty("outbox").EnumerateArray());
        Assert.Empty(after.GetProperty("state").EnumerateObject());
        Assert.Empty(after.GetProperty("directLine").EnumerateArray());
        var untouched = await ExportAsync(other);
        Assert.Equal(theirs.Id, Assert.Single(untouched.GetProperty("requests").EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains("their outlook is slow", untouched.GetProperty("directLine").GetRawText());
    }

    [Fact]
    public async Task Without_a_user_id_the_command_explains_itself_and_fails()
    {
        Assert.True(SupportBot.CommandLine.TryGet("personal-data", out var run));

        Assert.Equal(2, await run(CommandArgs("export")));
        Assert.Equal(2, await run(CommandArgs("forget", "dl_x")));
    }
}

public sealed class SqlitePersonalDataCommandTests : PersonalDataCommandContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"personal-data-{Guid.NewGuid():N}.db");

    protected override Dictionary<string, string?> StorageSettings() => new() { ["Storage:SqlitePath"] = _path };

    /// <summary>A person who talked to the real bot in the web chat (a signed-in identity naming its user) and asked for a person.</summary>
    private static async Task<ServiceRequest> ChatAndFileAsync(DirectLineHost host, string userId, string words)
    {
        var conversation = await host.StartConversationAsync(userId: userId);
        await host.PostMessageAsync(conversation, words);
        await host.PostMessageAsync(conversation, "talk to a person");
        var store = host.Services.GetRequiredService<IRequestStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if ((await store.ListByRequesterAsync(Channels.DirectLine, userId)).SingleOrDefault() is { } filed) return filed;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No request for {userId}.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task What_the_real_bot_kept_of_a_web_chat_visitor_is_exported_and_deleted()
    {
        var me = $"dl_me-{Guid.NewGuid():N}";
        var other = $"dl_other-{Guid.NewGuid():N}";
        ServiceRequest mine;
        await using (var host = await DirectLineHost.StartAsync(StorageSettings(), realBot: true))
        {
            mine = await ChatAndFileAsync(host, me, "my printer is on fire");
            await ChatAndFileAsync(host, other, "their outlook is slow");
        }

        var export = await ExportAsync(me);
        Assert.Equal(mine.Id, Assert.Single(export.GetProperty("requests").EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains(export.GetProperty("state").EnumerateObject(), p => p.Name == $"directline/users/{me}");
        Assert.Contains("my printer is on fire", Assert.Single(export.GetProperty("directLine").EnumerateArray()).GetRawText());
        Assert.DoesNotContain(other, export.GetRawText());

        Assert.True(SupportBot.CommandLine.TryGet("personal-data", out var run));
        Assert.Equal(0, await run(CommandArgs("delete", me)));

        using var database = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False");
        database.Open();
        using var left = database.CreateCommand();
        left.CommandText = "SELECT (SELECT count(*) FROM state_items WHERE instr(key, $me) > 0 OR instr(value, $me) > 0) + (SELECT count(*) FROM requests WHERE instr(document, $me) > 0) + (SELECT count(*) FROM outbox WHERE request_id = $id)";
        left.Parameters.AddWithValue("$me", me);
        left.Parameters.AddWithValue("$id", mine.Id);
        Assert.Equal(0L, (long)left.ExecuteScalar()!);
        Assert.Single((await ExportAsync(other)).GetProperty("requests").EnumerateArray());
    }
}

public sealed class PostgresPersonalDataCommandTests : PersonalDataCommandContractTests
{
    protected override Dictionary<string, string?> StorageSettings() => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:PostgresConnectionString"] = TestPostgres.ConnectionString,
    };
}
