using SupportBot.Bot.State;
using SupportBot.Dialogs.Engine;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class InterruptionTests
{
    [Theory]
    [InlineData("help")]
    [InlineData("Help!")]
    [InlineData("帮助")]
    [InlineData("ヘルプ")]
    public async Task Help_mid_dialog_answers_then_shows_the_same_prompt_and_the_dialog_goes_on(string help)
    {
        await TestRunner.Adapter(TestDialogs.Profile()).Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("Ada").AssertReply("Which topic?")
            .Send(help).AssertReply("Here is some help.").AssertReply("Which topic?")
            .Send("billing").AssertReply("Shall I go on?")
            .Send("yes").AssertReply("Ada / billing / True / 3 steps")
            .StartTestAsync();
    }

    [Fact]
    public async Task Help_deep_inside_nested_components_keeps_every_stack()
    {
        await TestRunner.Adapter(TestDialogs.Nested()).Flow()
            .Send("hi").AssertReply("Inner question?")
            .Send("ヘルプ").AssertReply("Here is some help.").AssertReply("Inner question?")
            .Send("answer").AssertReply("middle returned <ANSWER>")
            .StartTestAsync();
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("取消")]
    [InlineData("キャンセル")]
    public async Task Cancel_clears_the_stack(string cancel)
    {
        var storage = new MemoryStorage();
        var adapter = TestRunner.Adapter(TestDialogs.Profile(), storage);

        await adapter.Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("Ada").AssertReply("Which topic?")
            .Send(cancel).AssertReply("Cancelled.").AssertNoReply()
            .Send("billing").AssertReply("What is your name?")
            .StartTestAsync();
    }

    [Fact]
    public async Task Start_over_begins_the_root_again_with_fresh_state()
    {
        await TestRunner.Adapter(TestDialogs.Profile()).Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("Ada").AssertReply("Which topic?")
            .Send("start over").AssertReply("Starting over.").AssertReply("What is your name?")
            .Send("Grace").AssertReply("Which topic?")
            .Send("2").AssertReply("Shall I go on?")
            .Send("no").AssertReply("Grace / account / False / 3 steps")
            .StartTestAsync();
    }

    [Fact]
    public async Task Talk_to_a_person_keeps_the_user_where_they_were()
    {
        await TestRunner.Adapter(TestDialogs.Profile()).Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("担当者と話す").AssertReply("An agent will join.").AssertReply("What is your name?")
            .Send("Ada").AssertReply("Which topic?")
            .StartTestAsync();
    }

    [Fact]
    public async Task A_language_switch_reprompts_in_the_new_language_and_later_prompts_follow_it()
    {
        await TestRunner.Adapter(TestDialogs.Profile()).Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("Ada").AssertReply("Which topic?")
            .Send("日本語").AssertReply("Language: ja").AssertReply(reply =>
            {
                Assert.Equal("トピックは？", reply.Text);
                Assert.Equal(["請求", "アカウントの設定"], reply.SuggestedActions!.Actions!.Select(a => a.Title));
            })
            .Send("請求").AssertReply(reply =>
            {
                Assert.Equal("続けますか？", reply.Text);
                Assert.Equal(["はい", "いいえ"], reply.SuggestedActions!.Actions!.Select(a => a.Title));
            })
            .Send("中文").AssertReply("Language: zh-Hans").AssertReply(reply => Assert.Equal(["是", "否"], reply.SuggestedActions!.Actions!.Select(a => a.Title)))
            .Send("是的").AssertReply("Ada / billing / True / 3 steps")
            .StartTestAsync();
    }

    [Fact]
    public async Task Interruptions_see_messages_when_no_dialog_is_active()
    {
        await TestRunner.Adapter(TestDialogs.Profile()).Flow()
            .Send("help").AssertReply("Here is some help.").AssertNoReply()
            .Send("hi").AssertReply("What is your name?")
            .StartTestAsync();
    }

    [Fact]
    public async Task Without_an_interruption_handler_the_dialog_sees_every_message()
    {
        var adapter = new SupportBot.Tests.TestKit.TestAdapter(new DialogTestBot(TestDialogs.Profile(), new DialogRunner()));

        await adapter.Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("help").AssertReply("Which topic?")
            .StartTestAsync();
    }
}
