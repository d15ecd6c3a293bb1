using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.Prompts;
using SupportBot.Tests.Dialogs.Engine;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>A dialog that fails on every turn is ended after the second failure in a row, and the person is told so.</summary>
public sealed class TurnErrorReplyTests
{
    /// <summary>Asks a name, then throws on every answer.</summary>
    private static Dialog Broken() => new TestComponent("root",
        new WaterfallDialog<ProfileState>("broken",
        [
            (step, ct) => step.PromptAsync("text", Ask.Text("What is your name?"), ct),
            (_, _) => throw new InvalidOperationException("boom"),
        ]),
        new TextPrompt("text"));

    [Theory]
    [InlineData("en-US", "Sorry, something went wrong on my side", "Sorry, that went wrong twice in a row")]
    [InlineData("zh-CN", "抱歉，我这边出了点问题", "抱歉，刚才连续两次出错")]
    [InlineData("ja-JP", "申し訳ありません。こちらで問題が発生しました", "申し訳ありません。続けて 2 回問題が発生したため")]
    public async Task A_dialog_that_fails_twice_in_a_row_is_ended_and_the_person_is_told_in_their_language(string locale, string failed, string ended)
    {
        await using var app = new BotAppFactory();
        var adapter = new TestAdapter(new DialogTestBot(Broken()), errorReply: app.Services.GetRequiredService<ITurnErrorReply>());
        adapter.Template.Locale = locale;

        await adapter.Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("Ann").AssertReply(failed)
            .Send("Ann").AssertReply(ended)
            // The dialog is gone: the next message starts it afresh instead of failing again.
            .Send("hi").AssertReply("What is your name?")
            .StartTestAsync();
    }

    [Fact]
    public async Task Failures_count_only_in_a_row()
    {
        var adapter = new TestAdapter(new FailsOnRequestBot());

        await adapter.Flow()
            .Send("fail").AssertReply("error")
            .Send("ok").AssertReply("fine")
            .Send("fail").AssertReply("error")
            .Send("fail").AssertReply("error: ended")
            .Send("fail").AssertReply("error")
            .StartTestAsync();
    }

    private sealed class FailsOnRequestBot : BotApplication
    {
        public FailsOnRequestBot() => OnMessage((turn, ct) => turn.Activity.Text == "fail"
            ? throw new InvalidOperationException("boom")
            : turn.SendActivityAsync("fine", ct));
    }
}
