using SupportBot.Knowledge;
using SupportBot.Localization;
using SupportBot.Tests.Bot.DirectLine;
using SupportBot.Tests.WebChat;

namespace SupportBot.Tests.Knowledge;

/// <summary>
/// A question typed on the web page answered by a shipped article (Content/knowledge), rendered by Web Chat in
/// Chromium, per language, desktop and a 390×844 phone: artifacts/screenshots/knowledge-page-*.png.
/// </summary>
public sealed class ArticleScreenshotTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    public static TheoryData<string, string?, string, bool> Questions => new()
    {
        { "en", null, "is our data stored in china", false },
        { "zh-Hans", "中文", "我们的数据是存在中国吗", false },
        { "ja", "日本語", "うちのデータは中国国内に保存されてますか", false },
        { "en", null, "is our data stored in china", true },
        { "zh-Hans", "中文", "我们的数据是存在中国吗", true },
        { "ja", "日本語", "うちのデータは中国国内に保存されてますか", true },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task A_typed_question_shows_the_article_card(string language, string? picker, string question, bool phone)
    {
        var strings = StringCatalog.Load();
        var title = new KnowledgeBase(Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions { Watch = false })).Find("data-residency-china", language)!.Title;
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        await using var page = phone ? await chromium.OpenAsync(host.BaseUrl, width: 390, height: 844) : await chromium.OpenAsync(host.BaseUrl);
        if (picker is not null) await page.SwitchLanguageAsync(picker);
        await page.WaitForCardAsync(strings.Get(language, "welcome.title").Split('\'')[0]);

        await page.SendAsync(question);

        var source = strings.Get(language, "knowledge.source");
        var shown = await page.WaitForCardAsync(title);
        // A guide that fits the question comes first with the article beside it: open the article from there.
        if (!(await shown.InnerTextAsync()).Contains(source, StringComparison.Ordinal))
            await page.ClickCardButtonAsync(strings.Get(language, "knowledge.related"), title);
        var card = await page.WaitForCardAsync(source);
        Assert.Contains(title, await card.InnerTextAsync());
        await page.ScreenshotAsync($"knowledge-page-{(phone ? "phone" : "desktop")}-{language}", card);
        Assert.Empty(page.ConsoleErrors);
    }
}
