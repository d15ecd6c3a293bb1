using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;
using SupportBot.Dialogs.Guides;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>
/// Forms in the person's current language after a switch (issue 16 item 2), prompts stored as keys (issue 12 item 5),
/// and answered or superseded cards updated where the channel can update a message (issue 16 item 3).
/// </summary>
public sealed class FormCardTests
{
    private static async Task<List<Activity>> Say(SupportBotHarness bot, Activity activity)
    {
        await bot.Adapter.ProcessAsync(activity);
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        return replies;
    }

    private static Task<List<Activity>> Say(SupportBotHarness bot, string text) => Say(bot, new Activity { Type = ActivityTypes.Message, Text = text });

    private static Activity Press(Activity card, string button)
    {
        var press = ReplyReading.Submit(card.Button(button));
        press.ReplyToId = card.Id;
        return press;
    }

    private static Activity FormIn(IEnumerable<Activity> replies) =>
        replies.LastOrDefault(r => r.CardJson().Contains("submissionId", StringComparison.Ordinal) && r.CardJson().Contains("\"form\"", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No form. Replies:\n{string.Join("\n---\n", replies.Select(r => r.Visible()))}");

    private static Activity ChoiceIn(IEnumerable<Activity> replies) =>
        replies.Last(r => r.CardJson().Contains("\"choice\"", StringComparison.Ordinal));

    private static Activity GuideButton(string guideId) =>
        ReplyReading.Submit(JsonSerializer.SerializeToElement(new { topic = "guide", value = guideId }));

    private static Activity ServiceRequestTopic() =>
        ReplyReading.Submit(JsonSerializer.SerializeToElement(new { topic = "intent", value = "PartnerCenterIssue" }));

    private static Activity SubmitForm(Activity form, IDictionary<string, string> values)
    {
        var submit = ReplyReading.Submit(form.FormSubmit(), values);
        submit.ReplyToId = form.Id;
        return submit;
    }

    [Fact]
    public async Task After_Chinese_then_Japanese_the_form_shows_only_Japanese_and_after_English_only_English()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        var guides = bot.Services.GetRequiredService<GuideCatalog>();
        string Title(string language) => guides.Get("billing", language).Title;

        await Say(bot, "中文");
        var guide = await Say(bot, GuideButton("billing"));
        var inChinese = FormIn(await Say(bot, Press(ChoiceIn(guide), "否")));
        Assert.Contains(Title("zh-Hans"), inChinese.Visible());
        Assert.Contains("已显示", inChinese.Visible());

        var inJapanese = FormIn(await Say(bot, "日本語")).Visible();
        Assert.Contains(Title("ja"), inJapanese);
        Assert.Contains("表示した手順", inJapanese);
        Assert.Contains("結果: 解決しなかった", inJapanese);
        Assert.DoesNotContain(Title("zh-Hans"), inJapanese);
        Assert.DoesNotContain("已显示", inJapanese);
        Assert.DoesNotContain("(", inJapanese.Split('\n').Single(line => line.Contains(Title("ja"), StringComparison.Ordinal) && line.Contains('·')));

        var inEnglish = FormIn(await Say(bot, "English")).Visible();
        Assert.Contains($"{Title("en")} · ", inEnglish);
        Assert.Contains("steps shown · Outcome: not solved", inEnglish);
        Assert.DoesNotContain(Title("ja"), inEnglish);
        Assert.DoesNotContain("表示した手順", inEnglish);
    }

    [Fact]
    public async Task A_prompt_keeps_its_key_in_conversation_state_not_rendered_messages()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        await Say(bot, GuideButton("billing"));

        var key = $"{Channels.WebChat}/conversations/{bot.Adapter.Template.Conversation!.Id}";
        var stored = (await bot.Adapter.Storage.ReadAsync([key]))[key].Value.GetRawText();
        Assert.Contains("guide.solvedQuestion", stored);
        Assert.DoesNotContain("Did this solve it?", stored);
        Assert.DoesNotContain("是否", stored);
        Assert.DoesNotContain("attachments", stored);
    }

    [Fact]
    public async Task In_Teams_a_form_with_errors_replaces_the_form_and_answered_or_abandoned_cards_turn_read_only()
    {
        await using var bot = SupportBotHarness.Start().AsTeams("en-US", "29:customer-7", "other-tenant", "Li Lei");
        await Say(bot, "hi");

        // Answered Yes/No: the card keeps the question and shows the answer, without buttons.
        var guide = await Say(bot, GuideButton("billing"));
        var question = ChoiceIn(guide);
        var afterNo = await Say(bot, Press(question, "No"));
        var answered = Assert.Single(bot.Adapter.Updates);
        Assert.Equal(question.Id, answered.Id);
        Assert.Contains("Your answer: No", answered.Visible());
        Assert.DoesNotContain("\"choice\"", answered.CardJson());

        // The form sent back with errors replaces the one submitted: no second copy.
        var form = FormIn(afterNo);
        var spoiled = SampleForms.ServiceRequest();
        spoiled["title"] = "";
        var errors = await Say(bot, SubmitForm(form, spoiled));
        Assert.DoesNotContain(errors, r => r.CardJson().Contains("\"form\"", StringComparison.Ordinal));
        var replaced = bot.Adapter.Updates[^1];
        Assert.Equal(form.Id, replaced.Id);
        Assert.Contains("submissionId", replaced.CardJson());

        // Start over: the form left behind turns read-only.
        await Say(bot, "start over");
        var closed = bot.Adapter.Updates[^1];
        Assert.Equal(form.Id, closed.Id);
        Assert.Contains("closed without sending", closed.Visible());
        Assert.DoesNotContain("submissionId", closed.CardJson());
    }

    [Fact]
    public async Task In_Web_Chat_the_form_with_errors_comes_again_and_the_receipt_says_the_form_above_is_done()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        var form = FormIn(await Say(bot, ServiceRequestTopic()));
        var spoiled = SampleForms.ServiceRequest();
        spoiled["title"] = "";

        var again = FormIn(await Say(bot, SubmitForm(form, spoiled)));
        Assert.NotEqual(form.Id, again.Id);
        Assert.Empty(bot.Adapter.Updates);
        // The older copy is no longer current when pressed.
        var pressedOld = await Say(bot, SubmitForm(form, SampleForms.ServiceRequest()));
        Assert.Contains("That card has expired", string.Join("\n", pressedOld.Select(r => r.Text)));

        // The stale press shows where we are: the current form, below.
        var receipt = await Say(bot, SubmitForm(FormIn(pressedOld), SampleForms.ServiceRequest()));
        Assert.Contains(receipt, r => r.Visible().Contains("The form above is done", StringComparison.Ordinal));
        Assert.Empty(bot.Adapter.Updates);
    }
}
