using SupportBot.Bot.Schema;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class CardFormPromptTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Invalid_submits_bring_the_card_back_with_values_kept_and_errors_marked_until_valid(bool webChat)
    {
        CardCapture first = new(), second = new(), third = new();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm()).Flow()
            .Send("hi").AssertReply(first.Capture)
            .Send(first.Submit(new { name = "", email = "ada" }, webChat: webChat)).AssertReply(second.Capture)
            .Send(second.Submit(new { name = "Ada", email = "ada" }, webChat: webChat)).AssertReply(third.Capture)
            .Send(third.Submit(new { name = "Ada", email = "ada@example.com" }, webChat: webChat)).AssertReply("Thanks, Ada.")
            .AssertReply("Anything else?")
            .StartTestAsync();

        Assert.Null(first.Error("name"));
        Assert.Equal("Enter your name.", second.Error("name"));
        Assert.Equal("Enter a valid email address.", second.Error("email"));
        Assert.Equal("ada", second.InputValue("email"));
        Assert.Null(third.Error("name"));
        Assert.Equal("Ada", third.InputValue("name"));
        Assert.Equal("Enter a valid email address.", third.Error("email"));
        Assert.Equal(3, new[] { first.SubmissionId, second.SubmissionId, third.SubmissionId }.Distinct().Count());
    }

    [Fact]
    public async Task The_result_is_the_form_values_as_json()
    {
        var card = new CardCapture();
        var root = new TestComponent("root",
            new SupportBot.Dialogs.Engine.CardForms.CardFormPrompt("contact", new TestFormRenderer(), new TestFormValidator()));

        await TestRunner.Adapter(root).Flow()
            .Send("hi").AssertReply(card.Capture)
            .Send(card.Submit(new { name = "王小明", email = "xm@example.cn" })).AssertReply("""done: {"name":"王小明","email":"xm@example.cn"}""")
            .StartTestAsync();
    }

    [Fact]
    public async Task Cancel_on_the_card_ends_the_form_with_no_result()
    {
        var card = new CardCapture();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm()).Flow()
            .Send("hi").AssertReply(card.Capture)
            .Send(card.Submit(new { name = "Ada" }, action: "Cancel")).AssertReply("Form cancelled.").AssertReply("Anything else?")
            .StartTestAsync();
    }

    [Fact]
    public async Task Typed_text_while_the_form_is_open_shows_the_form_again()
    {
        CardCapture first = new(), again = new();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm()).Flow()
            .Send("hi").AssertReply(first.Capture)
            .Send("what do I do?").AssertReply(again.Capture)
            .Send(again.Submit(new { name = "Ada", email = "a@b.c" })).AssertReply("Thanks, Ada.")
            .StartTestAsync();
    }

    [Fact]
    public async Task The_card_carries_the_form_name_and_a_fresh_submission_id()
    {
        var card = new CardCapture();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm()).Flow()
            .Send(Ask.Say("你好", "zh-CN")).AssertReply(card.Capture)
            .StartTestAsync();

        var data = card.Content["actions"]![0]!["data"]!;
        Assert.Equal("contact", data["form"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", data["submissionId"]!.GetValue<string>());
        Assert.Equal("Form contact (zh-Hans)", card.Content["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(InputHints.ExpectingInput, card.Card!.InputHint);
    }
}
