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
    public async Task A_reload_picks_the_conversation_up_again_with_its_history()
    {
        await using var host = await DirectLineHost.StartAsync();
        await using var page = await chromium.OpenAsync(host.BaseUrl);
        await page.WaitForBotMessageAsync("the first-line support assistant");
        await page.SendAsync("hello");
        await page.WaitForBotMessageAsync("here to help");
        var conversationId = await page.ConversationIdAsync();

        await page.ReloadAsync();

        await page.WaitForBotMessageAsync("here to help");
        Assert.Equal(conversationId, await page.ConversationIdAsync());
        var messages = await page.BotMessagesAsync();
        Assert.Single(messages, m => m.Contains("the first-line support assistant", StringComparison.Ordinal)); // no second welcome
        await page.SendAsync("hello again");
        await page.WaitForSentAsync("hello again");
        Assert.Empty(page.ConsoleErrors);
    }

    [Fact]
    public async Task A_conversation_that_cannot_be_resumed_starts_over()
    {
        await using var host = await DirectLineHost.StartAsync();
        await using var page = await chromium.OpenAsync(host.BaseUrl);
        await page.WaitForBotMessageAsync("the first-line support assistant");
        var before = await page.ConversationIdAsync();
        // As if the server forgot the conversation's token (another signing key): reconnecting is refused.
        await page.Page.EvaluateAsync(@"() => {
            const saved = JSON.parse(sessionStorage.getItem('supportbot.conversation'));
            saved.token = 'forged.token';
            sessionStorage.setItem('supportbot.conversation', JSON.stringify(saved));
        }");

        await page.Page.ReloadAsync();

        await page.Page.WaitForFunctionAsync("before => document.getElementById('chat').dataset.conversationId !== before && document.getElementById('chat').dataset.state === 'ready'",
            before, new() { Timeout = 30_000 });
        await page.WaitForBotMessageAsync("the first-line support assistant");
        await page.SendAsync("hello");
        await page.WaitForBotMessageAsync("here to help");
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
