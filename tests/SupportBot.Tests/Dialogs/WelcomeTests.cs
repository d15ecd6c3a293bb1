using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>
/// Issue 16 item 5: the welcome opens with the few topics that fit the role (the rest behind "More topics"), and a
/// second greeting gets a short answer, not the whole card again.
/// </summary>
public sealed class WelcomeTests
{
    private static async Task<List<Activity>> Say(SupportBotHarness bot, string text)
    {
        await bot.Adapter.ProcessAsync(new Activity { Type = ActivityTypes.Message, Text = text });
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        return replies;
    }

    /// <summary>Titles of the buttons a person sees at once: the card's body, not inside a show-card.</summary>
    private static List<string> ShownButtons(Activity card) => Buttons(JsonDocument.Parse(card.CardJson()).RootElement.GetProperty("body"), descend: false);

    /// <summary>Titles of the buttons behind the card's "More topics" show-card.</summary>
    private static List<string> MoreButtons(Activity card, string moreTitle)
    {
        var more = AllObjects(JsonDocument.Parse(card.CardJson()).RootElement)
            .Single(e => e.TryGetProperty("type", out var type) && type.GetString() == "Action.ShowCard" && e.GetProperty("title").GetString() == moreTitle);
        return Buttons(more.GetProperty("card").GetProperty("body"), descend: false);
    }

    private static List<string> Buttons(JsonElement element, bool descend)
    {
        var titles = new List<string>();
        foreach (var e in AllObjects(element, stopAtShowCard: true))
            if (e.TryGetProperty("type", out var type) && type.GetString() is "Action.Submit" or "Action.ShowCard")
                titles.Add(e.GetProperty("title").GetString()!);
        return titles;
    }

    private static IEnumerable<JsonElement> AllObjects(JsonElement element, bool stopAtShowCard = false)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            if (stopAtShowCard && element.TryGetProperty("type", out var type) && type.GetString() == "Action.ShowCard") yield break;
            foreach (var property in element.EnumerateObject())
                foreach (var found in AllObjects(property.Value, stopAtShowCard)) yield return found;
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                foreach (var found in AllObjects(item, stopAtShowCard)) yield return found;
        }
    }

    [Theory]
    [InlineData("en-US", "Report a Partner Center problem to 21Vianet", "Escalate a customer issue to 21Vianet", "More topics", "Check service health")]
    [InlineData("zh-CN", "向世纪互联报告合作伙伴中心问题", "将客户问题呈报给世纪互联", "更多主题", "查看服务运行状况")]
    [InlineData("ja-JP", "パートナー センターの問題を 21Vianet に報告する", "顧客の問題を 21Vianet にエスカレートする", "その他のトピック", "サービス正常性の確認")]
    public async Task A_partner_sees_the_Partner_Center_and_escalation_topics_first_and_the_rest_behind_More_topics(
        string locale, string partnerCenter, string escalation, string moreTopics, string serviceHealth)
    {
        await using var bot = SupportBotHarness.Start().AsTeamsPartner(locale);

        var welcome = Assert.Single(await Say(bot, "hi"));

        var shown = ShownButtons(welcome);
        Assert.Equal(partnerCenter, shown[0]);
        Assert.Equal(escalation, shown[1]);
        Assert.Contains(moreTopics, shown);
        Assert.DoesNotContain(serviceHealth, shown);
        Assert.Contains(serviceHealth, MoreButtons(welcome, moreTopics));
        // A handful at once instead of the wall of 14: four topics, "More topics" and the footer.
        Assert.InRange(shown.Count, 5, 11);
        // The buttons behind "More topics" still work: pressing one starts its guide.
        await bot.Adapter.ProcessAsync(ReplyReading.Submit(welcome.Button(serviceHealth)));
        Assert.True(bot.Adapter.TryDequeueReply(out var guide));
        Assert.Contains(serviceHealth, guide!.Visible());
    }

    [Fact]
    public async Task A_customer_sees_their_top_self_help_topics_first_and_no_partner_topic_anywhere()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();

        var welcome = Assert.Single(await Say(bot, "hi"));

        var shown = ShownButtons(welcome);
        Assert.Equal(["Check service health", "Connection and desktop problems", "Set up your organization and users", "Billing and invoices"], shown.Take(4));
        Assert.Contains("Change a subscription", MoreButtons(welcome, "More topics"));
        Assert.DoesNotContain("Partner Center problem", welcome.Visible());
        Assert.DoesNotContain("Escalate a customer issue", welcome.Visible());
    }

    [Theory]
    [InlineData("en-US", "Hello again")]
    [InlineData("zh-CN", "请直接描述您遇到的问题")]
    [InlineData("ja-JP", "問題を自由に入力するか")]
    public async Task A_second_greeting_gets_a_short_answer_not_the_whole_card_again(string locale, string shortAnswer)
    {
        await using var bot = SupportBotHarness.Start().AsTeamsPartner(locale);
        var welcome = Assert.Single(await Say(bot, "hi"));
        Assert.Contains("\"AdaptiveCard\"", welcome.CardJson());

        foreach (var greeting in new[] { "hi", "hello", "hi there" })
        {
            var again = Assert.Single(await Say(bot, greeting));
            Assert.Contains(shortAnswer, again.Text);
            Assert.Equal("", again.CardJson());
        }
    }

    [Fact]
    public async Task A_first_greeting_with_more_words_gets_the_welcome_once_and_nothing_else()
    {
        await using var bot = SupportBotHarness.Start().AsTeamsPartner();

        var replies = await Say(bot, "hello there, good morning");

        Assert.Single(replies, r => r.CardJson().Contains("More topics", StringComparison.Ordinal));
        Assert.DoesNotContain(replies, r => r.Text?.Contains("Hello again", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_welcome_on_the_web_page_leaves_the_language_switch_to_the_page_header_while_Teams_keeps_it()
    {
        await using var page = SupportBotHarness.Start();
        page.AsWebChatCustomer();
        page.Adapter.Template.ChannelId = Channels.DirectLine;
        var onPage = Assert.Single(await Say(page, "hi"));
        Assert.DoesNotContain("中文", ShownButtons(onPage));
        Assert.DoesNotContain("日本語", ShownButtons(onPage));

        await using var teams = SupportBotHarness.Start().AsTeamsPartner();
        var inTeams = Assert.Single(await Say(teams, "hi"));
        Assert.Contains("中文", ShownButtons(inTeams));
        Assert.Contains("日本語", ShownButtons(inTeams));
    }
}
