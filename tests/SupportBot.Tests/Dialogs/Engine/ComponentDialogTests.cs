using SupportBot.Bot.State;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class ComponentDialogTests
{
    [Fact]
    public async Task Nested_components_keep_their_own_stacks_and_results_bubble_up()
    {
        await TestRunner.Adapter(TestDialogs.Nested()).Flow()
            .Send("hi").AssertReply("Inner question?")
            .Send("deep").AssertReply("middle returned <DEEP>").AssertReply("done: \"<DEEP>\"")
            .Send("again").AssertReply("Inner question?")
            .StartTestAsync();
    }

    [Fact]
    public async Task Replace_restarts_a_dialog_in_place_without_growing_the_stack()
    {
        var storage = new MemoryStorage();
        var root = new TestComponent("root",
            new WaterfallDialog<ProfileState>("round",
            [
                (step, ct) => step.PromptAsync("confirm", Ask.Text($"Round {step.GetOptions<int>() + 1}. Another?"), ct),
                (step, ct) => step.ResultBoolean == true
                    ? step.ReplaceDialogAsync("round", step.GetOptions<int>() + 1, ct)
                    : step.EndDialogAsync(step.GetOptions<int>() + 1, ct),
            ]),
            new ConfirmPrompt("confirm"));
        var adapter = TestRunner.Adapter(root, storage);

        await adapter.Flow()
            .Send("hi").AssertReply("Round 1. Another?")
            .Send("yes").AssertReply("Round 2. Another?")
            .Send("yes").AssertReply("Round 3. Another?")
            .StartTestAsync();
        Assert.Equal(2, await InnerStackDepthAsync(storage));

        await adapter.Flow().Send("no").AssertReply("done: 3").StartTestAsync();
    }

    [Fact]
    public async Task Ending_a_dialog_resumes_the_one_below_with_its_result()
    {
        var root = new TestComponent("root",
            new WaterfallDialog<ProfileState>("parent",
            [
                (step, ct) => step.BeginDialogAsync("child", cancellationToken: ct),
                async (step, ct) =>
                {
                    await step.Context.SendActivityAsync($"child said {step.ResultText}", ct);
                    return await step.EndDialogAsync(cancellationToken: ct);
                },
            ]),
            new WaterfallDialog<ProfileState>("child",
            [
                (step, ct) => step.PromptAsync("text", Ask.Text("Child question?"), ct),
                (step, ct) => step.EndDialogAsync($"'{step.ResultText}'", ct),
                (step, ct) => throw new InvalidOperationException("a step after EndDialog must not run"),
            ]),
            new TextPrompt("text"));

        await TestRunner.Adapter(root).Flow()
            .Send("hi").AssertReply("Child question?")
            .Send("fine").AssertReply("child said 'fine'").AssertReply("done: null")
            .StartTestAsync();
    }

    [Fact]
    public async Task Cancel_all_empties_every_stack_and_the_next_message_starts_the_root_again()
    {
        var storage = new MemoryStorage();
        var adapter = TestRunner.Adapter(TestDialogs.Nested(), storage);

        await adapter.Flow()
            .Send("hi").AssertReply("Inner question?")
            .Send("cancel").AssertReply("Cancelled.").AssertNoReply()
            .StartTestAsync();
        Assert.Equal(0, await TopStackDepthAsync(storage));

        await adapter.Flow().Send("hello").AssertReply("Inner question?").StartTestAsync();
    }

    [Fact]
    public async Task A_stored_stack_naming_an_unknown_dialog_starts_the_root_afresh()
    {
        var storage = new MemoryStorage();
        await TestRunner.Adapter(TestDialogs.Nested(), storage).Flow().Send("hi").AssertReply("Inner question?").StartTestAsync();

        // A new build whose root has another id: the stored stack cannot be continued.
        var restarted = new TestComponent("root-v2",
            new WaterfallDialog<ProfileState>("v2", [(step, ct) => step.PromptAsync("ask", Ask.Text("Version 2 question?"), ct)]),
            new TextPrompt("ask"));
        await TestRunner.Adapter(restarted, storage).Flow().Send("deep").AssertReply("Version 2 question?").StartTestAsync();
    }

    [Fact]
    public async Task Beginning_an_unregistered_dialog_is_a_loud_error_not_a_silent_restart()
    {
        var root = new TestComponent("root",
            new WaterfallDialog<ProfileState>("steps",
            [
                (step, ct) => step.PromptAsync("text", Ask.Text("First?"), ct),
                (step, ct) => step.PromptAsync("txet", Ask.Text("Second?"), ct),
            ]),
            new TextPrompt("text"));

        await TestRunner.Adapter(root).Flow()
            .Send("hi").AssertReply("First?")
            .Send("answer").AssertReply("error")
            .Send("answer again").AssertReply("error")
            .StartTestAsync();
    }

    private static async Task<int> TopStackDepthAsync(IStorage storage) =>
        (await storage.ReadAsync(["test/conversations/conversation1"]))["test/conversations/conversation1"].Value
            .GetProperty(DialogRunner.StateProperty).GetProperty("stack").GetArrayLength();

    private static async Task<int> InnerStackDepthAsync(IStorage storage) =>
        (await storage.ReadAsync(["test/conversations/conversation1"]))["test/conversations/conversation1"].Value
            .GetProperty(DialogRunner.StateProperty).GetProperty("stack")[0]
            .GetProperty("state").GetProperty("dialogs").GetProperty("stack").GetArrayLength();
}
