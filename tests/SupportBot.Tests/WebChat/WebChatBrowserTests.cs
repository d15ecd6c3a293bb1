using SupportBot.Tests.Bot.DirectLine;

namespace SupportBot.Tests.WebChat;

/// <summary>The real page in headless Chromium against the real bot on Kestrel: welcome, an answer, a language switch.</summary>
public sealed class WebChatBrowserTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    [Fact]
    public async Task A_visitor_is_welcomed_gets_an_answer_and_can_switch_to_Chinese()
    {
        await using var host = await DirectLineHost.StartAsync();
        await using var page = await chromium.OpenAsync(host.BaseUrl);

        await page.WaitForBotMessageAsync("the first-line support assistant");
        await page.SendAsync("hello");
        await page.WaitForSentAsync("hello");
        await page.WaitForBotMessageAsync("here to help");
        await page.ScreenshotAsync("webchat-en");

        await page.SwitchLanguageAsync("中文");
        Assert.Equal("zh-Hans", await page.Page.GetAttributeAsync("html", "lang"));
        await page.WaitForBotMessageAsync("您好，我是 SupportBot");
        await page.SendAsync("你好");
        await page.WaitForBotMessageAsync("我可以帮您解决");
        await page.ScreenshotAsync("webchat-zh-Hans");

        Assert.Empty(page.ConsoleErrors);
    }

    [Fact]
    public async Task The_page_works_in_Japanese_on_a_phone_sized_screen()
    {
        await using var host = await DirectLineHost.StartAsync();
        await using var page = await chromium.OpenAsync(host.BaseUrl, width: 390, height: 844);

        await page.SwitchLanguageAsync("日本語");
        await page.WaitForBotMessageAsync("こんにちは。");
        await page.SendAsync("こんにちは");
        await page.WaitForBotMessageAsync("お手伝いします");
        await page.ScreenshotAsync("webchat-ja-phone");
    }
}
