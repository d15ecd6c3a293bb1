using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Knowledge;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Knowledge;

/// <summary>Knowledge articles in the running bot: found from free text, picked up when a writer adds a file, recorded on the request.</summary>
public sealed class KnowledgeFlowTests
{
    private const string RoomsArticle = "meeting-room-display";

    private static async Task<List<Activity>> Say(SupportBotHarness bot, Activity activity)
    {
        await bot.Adapter.ProcessAsync(activity);
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        return replies;
    }

    private static Task<List<Activity>> Say(SupportBotHarness bot, string text) => Say(bot, new Activity { Type = ActivityTypes.Message, Text = text });

    private static Activity Containing(IEnumerable<Activity> replies, string text) =>
        replies.FirstOrDefault(r => r.Visible().Contains(text, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No reply contains \"{text}\". Replies:\n{string.Join("\n---\n", replies.Select(r => r.Visible()))}");

    private static SupportBotHarness Start(KnowledgeFixture fixture) => SupportBotHarness.Start(settings: new Dictionary<string, string?>
    {
        ["Knowledge:Directory"] = fixture.Directory,
        ["Knowledge:ReloadDelay"] = "00:00:00.100",
    });

    private static string RoomsArticleText(string title = "Meeting room display shows the wrong calendar") => KnowledgeFixture.Article(RoomsArticle, title,
        "meeting room, room display, calendar, Teams Rooms",
        "Re-link the room's resource mailbox so the display reads the right calendar.\n\n1. Open the Teams Rooms admin page.\n2. Sign the display in with the room's resource account.",
        audience: "customer, partner");

    [Fact]
    public async Task A_file_dropped_into_the_running_bots_folder_answers_the_next_question()
    {
        using var fixture = new KnowledgeFixture();
        await using var bot = Start(fixture).AsWebChatCustomer();
        var knowledge = bot.Services.GetRequiredService<KnowledgeBase>();
        const string question = "the room display outside our meeting room shows yesterdays calendar";

        var before = await Say(bot, question);
        Assert.DoesNotContain(before, reply => reply.Visible().Contains("Meeting room display", StringComparison.Ordinal));

        var reloaded = new TaskCompletionSource<KnowledgeLoad>(TaskCreationOptions.RunContinuationsAsynchronously);
        knowledge.Reloaded += load => { if (load.Articles == 8) reloaded.TrySetResult(load); };
        await File.WriteAllTextAsync(fixture.PathOf("en", RoomsArticle), RoomsArticleText());
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var after = await Say(bot, question);
        var card = Containing(after, "Meeting room display shows the wrong calendar");
        Assert.Contains("Re-link the room's resource mailbox", card.Visible());
        Assert.Contains("Read the source page", card.Visible());
        var solved = Containing(after, "Did this solve it?");

        // "No" leads where a guide's would: the customer's service request, with the article on it.
        var notSolved = await Say(bot, ReplyReading.Submit(solved.Button("No")));
        var form = Containing(notSolved, "Service request to your partner's helpdesk");
        Assert.Contains("Meeting room display shows the wrong calendar · Outcome: not solved", form.Visible());
        Assert.Contains($"Articles shown: {RoomsArticle}", form.Visible());
        await Say(bot, ReplyReading.Submit(form.FormSubmit(), SampleForms.ServiceRequest()));

        var request = Assert.Single(await bot.Services.GetRequiredService<IRequestStore>().ListByRequesterAsync(Channels.WebChat, "dl_customer-1"));
        Assert.Equal(RoomsArticle, request.SelfHelp!.ArticleId);
        Assert.Equal("notSolved", request.SelfHelp.Answer);
        Assert.Equal([RoomsArticle], request.SelfHelp.ArticlesShown);

        // Edited to something broken: refused, and the last good version still answers.
        var refused = new TaskCompletionSource<KnowledgeLoad>(TaskCreationOptions.RunContinuationsAsynchronously);
        knowledge.Reloaded += load => { if (load.Problems.Count > 0) refused.TrySetResult(load); };
        await File.WriteAllTextAsync(fixture.PathOf("en", RoomsArticle), RoomsArticleText().Replace("topic: General", "topic: Rooms"));
        var problem = Assert.Single((await refused.Task.WaitAsync(TimeSpan.FromSeconds(20))).Problems);
        Assert.Equal($"{fixture.PathOf("en", RoomsArticle)}:5: topic 'Rooms' is not one of AccountSetup, AdminTasks, Billing, SubscriptionChange, ServiceHealth, ServiceUpdates, SoftwareConfiguration, Connectivity, Performance, PartnerCenterIssue, EscalateCustomerIssue, RemediationPlan, General.", problem.ToString());
        Containing(await Say(bot, question), "Meeting room display shows the wrong calendar");
    }

    [Theory]
    [InlineData("zh-CN", "会议室门口的显示屏显示的是昨天的日历", "会议室显示屏显示错误的日历")]
    [InlineData("ja-JP", "会議室の前のディスプレイに昨日の予定表が出ている", "会議室のディスプレイに違う予定表が出る")]
    public async Task Articles_answer_in_the_persons_language(string locale, string question, string title)
    {
        using var fixture = new KnowledgeFixture();
        var language = locale.StartsWith("zh", StringComparison.Ordinal) ? "zh-Hans" : "ja";
        var body = language == "ja" ? "会議室のリソース メールボックスをつなぎ直します。" : "重新关联会议室的资源邮箱。";
        await File.WriteAllTextAsync(fixture.PathOf(language, RoomsArticle), KnowledgeFixture.Article(RoomsArticle, title, "会议室, 显示屏, 日历, 会議室, ディスプレイ, 予定表", body));
        await using var bot = Start(fixture).AsWebChatCustomer(locale);

        var replies = await Say(bot, question);

        var card = Containing(replies, title);
        Assert.Contains(language == "ja" ? "元のページを読む" : "查看来源页面", card.Visible());
        Containing(replies, language == "ja" ? "これで解決しましたか?" : "问题解决了吗？");
    }

    [Fact]
    public async Task A_guide_for_the_question_comes_first_with_the_fitting_articles_beside_it_and_one_opens_on_click()
    {
        using var fixture = new KnowledgeFixture();
        await using var bot = Start(fixture).AsTeamsPartner();

        var replies = await Say(bot, "how do I download the invoice");

        var guide = Containing(replies, "Related articles:");
        var article = await Say(bot, ReplyReading.Submit(guide.Button("Download your monthly invoice in Partner Center")));
        Containing(article, "Invoices and reconciliation files are under Billing");
        Containing(article, "Did this solve it?");
        await Say(bot, ReplyReading.Submit(Containing(article, "Did this solve it?").Button("Yes")));
    }

    [Fact]
    public async Task A_customer_never_sees_a_partners_article()
    {
        using var fixture = new KnowledgeFixture();
        await using var bot = Start(fixture).AsWebChatCustomer();

        var replies = await Say(bot, "how do I download the invoice");
        Assert.DoesNotContain(replies, reply => reply.Visible().Contains("Download your monthly invoice in Partner Center", StringComparison.Ordinal));
        var clicked = await Say(bot, ReplyReading.Submit(System.Text.Json.JsonSerializer.SerializeToElement(new { topic = "article", value = "partner-invoice-download" })));
        Assert.DoesNotContain(clicked, reply => reply.Visible().Contains("Invoices and reconciliation files", StringComparison.Ordinal));
    }
}
