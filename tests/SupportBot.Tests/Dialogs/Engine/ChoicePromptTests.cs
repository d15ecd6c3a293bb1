using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class ChoicePromptTests
{
    private static ComponentDialog Root(IChoiceRenderer? renderer = null) => new TestComponent("root",
        new WaterfallDialog<ProfileState>("pick",
        [
            (step, ct) => step.PromptAsync("choice", Ask.Choose("Which topic?", Ask.Topics()), ct),
            (step, ct) => step.EndDialogAsync(step.ResultChoice, ct),
        ]),
        new ChoicePrompt("choice", renderer));

    [Theory]
    [InlineData("Billing")]
    [InlineData("billing")]
    [InlineData("账单")]
    [InlineData("請求")]
    [InlineData("ＢＩＬＬＩＮＧ！")]
    [InlineData("  billing. ")]
    [InlineData("1")]
    [InlineData("１")]
    [InlineData("invoice")]
    [InlineData("I have a question about billing")]
    [InlineData("我想问一下账单的问题")]
    [InlineData("請求について教えてください。")]
    public async Task Free_text_in_any_language_picks_the_choice(string answer)
    {
        await TestRunner.Adapter(Root()).Flow()
            .Send("hi").AssertReply("Which topic?")
            .Send(answer).AssertReply("""done: {"value":"billing","index":0}""")
            .StartTestAsync();
    }

    [Theory]
    [InlineData("2", "account")]
    [InlineData("アカウントの設定", "account")]
    [InlineData("账户设置", "account")]
    [InlineData("Account Setup", "account")]
    public async Task Each_choice_is_reachable(string answer, string value)
    {
        await TestRunner.Adapter(Root()).Flow()
            .Send("hi").AssertReply("Which topic?")
            .Send(answer).AssertReply($"\"value\":\"{value}\"")
            .StartTestAsync();
    }

    [Fact]
    public async Task Buttons_are_suggested_actions_titled_in_the_users_language()
    {
        await TestRunner.Adapter(Root()).Flow()
            .Send(Ask.Say("こんにちは", "ja-JP")).AssertReply(reply =>
            {
                var actions = reply.SuggestedActions!.Actions!;
                Assert.All(actions, action => Assert.Equal(ActionTypes.ImBack, action.Type));
                Assert.Equal(["請求", "アカウントの設定"], actions.Select(action => action.Title));
            })
            .Send(Ask.Say("請求", "ja-JP")).AssertReply("\"value\":\"billing\"")
            .StartTestAsync();
    }

    [Theory]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("something else")]
    [InlineData("billing or account")]
    public async Task Unknown_out_of_range_or_ambiguous_answers_get_the_retry_prompt(string answer)
    {
        await TestRunner.Adapter(Root()).Flow()
            .Send("hi").AssertReply("Which topic?")
            .Send(answer).AssertReply("Please pick one. Which topic?")
            .Send("billing").AssertReply("\"value\":\"billing\"")
            .StartTestAsync();
    }

    [Fact]
    public async Task A_card_button_submits_the_choice_value()
    {
        var card = new CardCapture();

        await TestRunner.Adapter(Root(new CardChoiceRenderer())).Flow()
            .Send("hi").AssertReply(card.Capture)
            .Send(card.Submit(action: "Account setup")).AssertReply("""done: {"value":"account","index":1}""")
            .StartTestAsync();
    }
}
