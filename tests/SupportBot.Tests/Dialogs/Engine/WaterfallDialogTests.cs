using System.Text.Json;
using SupportBot.Bot.State;
using SupportBot.Dialogs.Engine;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class WaterfallDialogTests
{
    [Fact]
    public async Task Steps_run_in_order_and_typed_state_carries_across_turns()
    {
        var adapter = TestRunner.Adapter(TestDialogs.Profile());

        await adapter.Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("Ada").AssertReply("Which topic?")
            .Send("billing").AssertReply("Shall I go on?")
            .Send("yes").AssertReply("Ada / billing / True / 3 steps")
            .AssertReply("""done: {"name":"Ada","topic":"billing","steps":3}""")
            .StartTestAsync();
    }

    [Fact]
    public async Task The_stack_is_plain_json_in_conversation_state()
    {
        var storage = new MemoryStorage();
        var adapter = TestRunner.Adapter(TestDialogs.Profile(), storage);

        await adapter.Flow().Send("hi").AssertReply("What is your name?").Send("Ada").AssertReply("Which topic?").StartTestAsync();

        var conversation = (await storage.ReadAsync(["test/conversations/conversation1"]))["test/conversations/conversation1"].Value;
        var root = conversation.GetProperty(DialogRunner.StateProperty).GetProperty("stack")[0];
        Assert.Equal("root", root.GetProperty("id").GetString());
        var inner = root.GetProperty("state").GetProperty("dialogs").GetProperty("stack");
        Assert.Equal(["choice", "profile"], inner.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var profile = inner[1].GetProperty("state");
        Assert.Equal(1, profile.GetProperty("stepIndex").GetInt32());
        Assert.Equal("Ada", profile.GetProperty("state").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Next_skips_ahead_with_a_value_and_options_reach_every_step()
    {
        var root = new TestComponent("root",
            new WaterfallDialog<ProfileState>("start",
            [
                (step, ct) => step.BeginDialogAsync("greeter", new Greeting("Bonjour"), ct),
            ]),
            new WaterfallDialog<ProfileState>("greeter",
            [
                (step, ct) => step.NextAsync("skipped the first step"),
                async (step, ct) =>
                {
                    await step.Context.SendActivityAsync($"{step.GetOptions<Greeting>()!.Word}, step {step.Index}: {step.ResultText}", ct);
                    return await step.EndDialogAsync(step.GetOptions<Greeting>()!.Word, ct);
                },
            ]));

        await TestRunner.Adapter(root).Flow()
            .Send("hi").AssertReply("Bonjour, step 1: skipped the first step").AssertReply("done: \"Bonjour\"")
            .StartTestAsync();
    }

    [Fact]
    public async Task A_step_cannot_move_on_twice()
    {
        var root = new WaterfallDialog<ProfileState>("root",
        [
            async (step, ct) =>
            {
                await step.NextAsync();
                return await step.NextAsync();
            },
            (step, ct) => Task.FromResult(DialogTurnResult.Waiting),
        ]);

        await TestRunner.Adapter(root).Flow().Send("hi").AssertReply("error").StartTestAsync();
    }

    private sealed record Greeting(string Word);
}
