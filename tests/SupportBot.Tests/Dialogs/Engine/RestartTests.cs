using SupportBot.Storage;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>A conversation continued by a new adapter, new bot and new dialog objects over the same SQLite file: a process restart.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"supportbot-dialogs-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_new_process_continues_the_waterfall_at_the_same_step_with_its_state()
    {
        await TestRunner.Adapter(TestDialogs.Profile(), OpenStorage()).Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("Ada").AssertReply("Which topic?")
            .StartTestAsync();

        await TestRunner.Adapter(TestDialogs.Profile(), OpenStorage()).Flow()
            .Send("账单").AssertReply("Shall I go on?")
            .StartTestAsync();

        await TestRunner.Adapter(TestDialogs.Profile(), OpenStorage()).Flow()
            .Send("はい").AssertReply("Ada / billing / True / 3 steps")
            .StartTestAsync();
    }

    [Fact]
    public async Task A_new_process_accepts_the_latest_form_card_keeps_its_errors_and_expires_older_ones()
    {
        CardCapture first = new(), second = new();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm(), OpenStorage()).Flow()
            .Send("hi").AssertReply(first.Capture)
            .Send(first.Submit(new { name = "Ada", email = "nope" })).AssertReply(second.Capture)
            .StartTestAsync();
        Assert.Equal("Enter a valid email address.", second.Error("email"));

        await TestRunner.Adapter(TestDialogs.FormThenConfirm(), OpenStorage()).Flow()
            .Send(first.Submit(new { name = "Old", email = "old@x.y" })).AssertReply("This card has expired.").AssertReply(reshown =>
            {
                var card = new CardCapture();
                card.Capture(reshown);
                Assert.Equal("nope", card.InputValue("email"));
                Assert.Equal("Enter a valid email address.", card.Error("email"));
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task A_new_process_continues_inside_nested_components()
    {
        await TestRunner.Adapter(TestDialogs.Nested(), OpenStorage()).Flow()
            .Send("hi").AssertReply("Inner question?")
            .StartTestAsync();

        await TestRunner.Adapter(TestDialogs.Nested(), OpenStorage()).Flow()
            .Send("restarted").AssertReply("middle returned <RESTARTED>")
            .StartTestAsync();
    }

    private SqliteStorage OpenStorage() => new(new SqliteDatabase(_databasePath));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}
