using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.Bot.DirectLine;
using SupportBot.Tests.Storage;

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

    private string[] CommandArgs(params string[] args) =>
        [.. args, .. StorageSettings().SelectMany(s => new[] { $"--{s.Key}", s.Value ?? "" })];

    /// <summary>A person who talked to the bot in the web chat (a signed-in identity naming its user) and asked for a person.</summary>
    private static async Task<ServiceRequest> ChatAndFileAsync(DirectLineHost host, string userId, string words)
    {
        var conversation = await host.StartConversationAsync(userId: userId);
        await host.PostMessageAsync(conversation, words);
        await host.PostMessageAsync(conversation, "talk to a person");
        var store = host.Services.GetRequiredService<IRequestStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var filed = await store.ListByRequesterAsync(Channels.DirectLine, userId);
            if (filed.Count == 1)
            {
                await store.UpdateAsync(filed[0].Id, r => r with { Notes = [.. r.Notes, new RequestNote("Agent Smith", DateTimeOffset.UtcNow, $"note for {userId}")] });
                return filed[0];
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No request for {userId}.");
            await Task.Delay(50);
        }
    }

    private async Task<JsonElement> ExportAsync(string userId)
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
        ServiceRequest mine, theirs;
        await using (var host = await DirectLineHost.StartAsync(StorageSettings(), realBot: true))
        {
            mine = await ChatAndFileAsync(host, me, "my printer is on fire");
            theirs = await ChatAndFileAsync(host, other, "their outlook is slow");
        }

        var export = await ExportAsync(me);

        Assert.Equal(me, export.GetProperty("userId").GetString());
        var request = Assert.Single(export.GetProperty("requests").EnumerateArray());
        Assert.Equal(mine.Id, request.GetProperty("id").GetString());
        Assert.Contains($"note for {me}", request.GetProperty("notes").GetRawText());
        Assert.NotEmpty(request.GetProperty("history").EnumerateArray());
        Assert.Contains(export.GetProperty("outbox").EnumerateArray(), m => m.GetProperty("requestId").GetString() == mine.Id);
        Assert.Contains(export.GetProperty("state").EnumerateObject(), p => p.Name == $"directline/users/{me}");
        Assert.Contains(export.GetProperty("state").EnumerateObject(), p => p.Name.StartsWith("directline/conversations/", StringComparison.Ordinal));
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
}

public sealed class PostgresPersonalDataCommandTests : PersonalDataCommandContractTests
{
    protected override Dictionary<string, string?> StorageSettings() => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:PostgresConnectionString"] = TestPostgres.ConnectionString,
    };
}
