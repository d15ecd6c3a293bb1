using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class ConfirmPromptTests
{
    private static ComponentDialog Root(PromptOptions? options = null) => new TestComponent("root",
        new WaterfallDialog<ProfileState>("ask",
        [
            (step, ct) => step.PromptAsync("confirm", options ?? Ask.Text("Did this solve it?", "Yes or no?"), ct),
            (step, ct) => step.EndDialogAsync(step.ResultBoolean, ct),
        ]),
        new ConfirmPrompt("confirm"));

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Y", true)]
    [InlineData("yeah", true)]
    [InlineData("Sure!", true)]
    [InlineData("ＹＥＳ", true)]
    [InlineData("是", true)]
    [InlineData("是的", true)]
    [InlineData("好", true)]
    [InlineData("对", true)]
    [InlineData("可以。", true)]
    [InlineData("はい", true)]
    [InlineData("うん", true)]
    [InlineData("ええ", true)]
    [InlineData("no", false)]
    [InlineData("Nope.", false)]
    [InlineData("不", false)]
    [InlineData("不是", false)]
    [InlineData("否", false)]
    [InlineData("いいえ", false)]
    [InlineData("いや", false)]
    [InlineData("1", true)]
    [InlineData("2", false)]
    public async Task Yes_and_no_are_understood_in_three_languages(string answer, bool expected)
    {
        await TestRunner.Adapter(Root()).Flow()
            .Send("hi").AssertReply("Did this solve it?")
            .Send(answer).AssertReply(expected ? "done: true" : "done: false")
            .StartTestAsync();
    }

    [Theory]
    [InlineData("en-US", "Yes", "No")]
    [InlineData("zh-CN", "是", "否")]
    [InlineData("ja-JP", "はい", "いいえ")]
    public async Task Buttons_use_the_built_in_labels_of_the_users_language(string locale, string yes, string no)
    {
        await TestRunner.Adapter(Root()).Flow()
            .Send(Ask.Say("hi", locale)).AssertReply(reply => Assert.Equal([yes, no], reply.SuggestedActions!.Actions!.Select(a => a.Title)))
            .Send(Ask.Say(yes, locale)).AssertReply("done: true")
            .StartTestAsync();
    }

    [Fact]
    public async Task Labels_from_the_options_replace_the_built_in_ones_and_answer_too()
    {
        var options = Ask.Text("Close the request?");
        options.Choices = [new Choice(ConfirmWords.YesValue, "Close it"), new Choice(ConfirmWords.NoValue, "Keep it open")];

        await TestRunner.Adapter(Root(options)).Flow()
            .Send("hi").AssertReply(reply => Assert.Equal(["Close it", "Keep it open"], reply.SuggestedActions!.Actions!.Select(a => a.Title)))
            .Send("keep it open").AssertReply("done: false")
            .StartTestAsync();
    }

    [Fact]
    public async Task Anything_else_is_asked_again_and_never_read_as_no()
    {
        await TestRunner.Adapter(Root()).Flow()
            .Send("hi").AssertReply("Did this solve it?")
            .Send("I don't know").AssertReply("Yes or no?")
            .Send("maybe").AssertReply("Yes or no?")
            .Send("yes").AssertReply("done: true")
            .StartTestAsync();
    }
}
