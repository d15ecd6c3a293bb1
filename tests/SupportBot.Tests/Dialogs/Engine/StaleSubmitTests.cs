using SupportBot.Dialogs.Engine;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class StaleSubmitTests
{
    [Fact]
    public async Task A_submit_from_the_card_of_a_dialog_that_ended_never_drives_the_current_one()
    {
        var expired = new ExpiredCardHandler();
        var card = new CardCapture();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm(), expired: expired).Flow()
            .Send("hi").AssertReply(card.Capture)
            .Send(card.Submit(new { name = "Ada", email = "a@b.c" })).AssertReply("Thanks, Ada.").AssertReply("Anything else?")
            // The same card pressed again (or a double click): the form prompt has ended, the confirm is active.
            .Send(card.Submit(new { name = "Bob", email = "b@b.c" })).AssertReply("This card has expired.").AssertReply("Anything else?")
            .Send("no").AssertReply("done: false")
            .StartTestAsync();

        var stale = Assert.Single(expired.Received);
        Assert.Equal("contact", stale.Form);
        Assert.Equal("Bob", stale.Values["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_submit_from_an_earlier_showing_of_the_form_is_expired_and_the_latest_card_is_shown()
    {
        CardCapture first = new(), second = new(), reshown = new();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm()).Flow()
            .Send("hi").AssertReply(first.Capture)
            .Send(first.Submit(new { name = "", email = "" })).AssertReply(second.Capture)
            .Send(first.Submit(new { name = "Old", email = "old@x.y" })).AssertReply("This card has expired.").AssertReply(reshown.Capture)
            .Send(reshown.Submit(new { name = "New", email = "new@x.y" })).AssertReply("Thanks, New.")
            .StartTestAsync();

        Assert.Equal("Enter your name.", reshown.Error("name"));
    }

    [Fact]
    public async Task A_choice_card_from_an_earlier_step_is_expired()
    {
        var topics = new CardCapture();

        await TestRunner.Adapter(TestDialogs.Profile(new CardChoiceRenderer())).Flow()
            .Send("hi").AssertReply("What is your name?")
            .Send("Ada").AssertReply(topics.Capture)
            .Send(topics.Submit(action: "Billing")).AssertReply("Shall I go on?")
            .Send(topics.Submit(action: "Account setup")).AssertReply("This card has expired.").AssertReply("Shall I go on?")
            .Send("yes").AssertReply("Ada / billing / True / 3 steps")
            .StartTestAsync();
    }

    [Fact]
    public async Task A_stale_submit_with_no_active_dialog_does_not_start_the_root()
    {
        var card = new CardCapture();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm()).Flow()
            .Send("hi").AssertReply(card.Capture)
            .Send("cancel").AssertReply("Cancelled.")
            .Send(card.Submit(new { name = "Ada", email = "a@b.c" })).AssertReply("This card has expired.").AssertNoReply()
            .StartTestAsync();
    }

    [Fact]
    public async Task A_stale_cancel_button_does_not_cancel_the_current_form()
    {
        CardCapture first = new(), second = new(), reshown = new();

        await TestRunner.Adapter(TestDialogs.FormThenConfirm()).Flow()
            .Send("hi").AssertReply(first.Capture)
            .Send(first.Submit(new { name = "" })).AssertReply(second.Capture)
            .Send(first.Submit(action: "Cancel")).AssertReply("This card has expired.").AssertReply(reshown.Capture)
            .Send(reshown.Submit(new { name = "Ada", email = "a@b.c" })).AssertReply("Thanks, Ada.")
            .StartTestAsync();

        Assert.Equal("Enter your name.", reshown.Error("name"));
    }

    [Fact]
    public async Task Without_a_handler_a_stale_submit_just_shows_where_the_user_is()
    {
        CardCapture first = new(), second = new(), reshown = new();
        var adapter = new SupportBot.Tests.TestKit.TestAdapter(new DialogTestBot(TestDialogs.FormThenConfirm(), new DialogRunner()));

        await adapter.Flow()
            .Send("hi").AssertReply(first.Capture)
            .Send(first.Submit(new { name = "" })).AssertReply(second.Capture)
            .Send(first.Submit(new { name = "Ada", email = "a@b.c" })).AssertReply(reshown.Capture).AssertNoReply()
            .StartTestAsync();

        Assert.Equal("Enter your name.", reshown.Error("name"));
    }
}
