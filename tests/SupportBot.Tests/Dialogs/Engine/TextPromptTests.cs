using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.Prompts;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class TextPromptTests
{
    private static ComponentDialog Root(PromptValidator<string>? validator) => new TestComponent("root",
        new WaterfallDialog<ProfileState>("ask",
        [
            (step, ct) => step.PromptAsync("text", Ask.Text("Describe the problem.", "Please describe it in a few words."), ct),
            (step, ct) => step.EndDialogAsync(step.ResultText, ct),
        ]),
        new TextPrompt("text", validator));

    [Fact]
    public async Task A_rejected_answer_gets_the_retry_prompt_until_one_is_valid()
    {
        PromptValidator<string> atLeastTwoWords = (prompt, _) => Task.FromResult(prompt.Recognized.Split(' ').Length >= 2);

        await TestRunner.Adapter(Root(atLeastTwoWords)).Flow()
            .Send("hi").AssertReply("Describe the problem.")
            .Send("broken").AssertReply("Please describe it in a few words.")
            .Send("still broken").AssertReply("done: \"still broken\"")
            .StartTestAsync();
    }

    [Fact]
    public async Task A_validator_that_explains_replaces_the_retry_prompt_and_sees_the_attempt_count()
    {
        PromptValidator<string> explains = async (prompt, ct) =>
        {
            if (prompt.Recognized.Length > 3) return true;
            await prompt.Context.SendActivityAsync($"Too short (attempt {prompt.Attempts}).", ct);
            return false;
        };

        await TestRunner.Adapter(Root(explains)).Flow()
            .Send("hi").AssertReply("Describe the problem.")
            .Send("no").AssertReply("Too short (attempt 1).").AssertNoReply()
            .Send("abc").AssertReply("Too short (attempt 2).")
            .Send("long enough").AssertReply("done: \"long enough\"")
            .StartTestAsync();
    }

    [Fact]
    public async Task A_message_without_text_is_not_an_answer()
    {
        await TestRunner.Adapter(Root(null)).Flow()
            .Send("hi").AssertReply("Describe the problem.")
            .Send(Activities.Submit(new Activity(), new { something = "else" })).AssertReply("Please describe it in a few words.")
            .Send("now text").AssertReply("done: \"now text\"")
            .StartTestAsync();
    }

    [Fact]
    public async Task Prompts_expect_input()
    {
        await TestRunner.Adapter(Root(null)).Flow()
            .Send("hi").AssertReply(reply => Assert.Equal(InputHints.ExpectingInput, reply.InputHint))
            .StartTestAsync();
    }
}
