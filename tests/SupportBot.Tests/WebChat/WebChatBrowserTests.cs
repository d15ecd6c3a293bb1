using SupportBot.Tests.Bot.DirectLine;

namespace SupportBot.Tests.WebChat;

/// <summary>
/// The real page in headless Chromium against the real bot (support flows) on Kestrel: welcome, answers, language
/// switch, reload. Texts are the bot's (Content/strings); the page's own strings are in wwwroot/strings.json.
/// </summary>
public sealed class WebChatBrowserTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    private const string EnglishGreeting = "Hi, I"; // "Hi, I'm SupportBot": Web Chat renders the apostrophe typographically

    [Fact]
    public async Task A_visitor_is_welcomed_gets_an_answer_and_can_switch_to_Chinese()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        await using var page = await chromium.OpenAsync(host.BaseUrl);

        await page.WaitForBotMessageAsync(EnglishGreeting);
        await page.SendAsync("hello");
        await page.WaitForSentAsync("hello");
        // A greeting after the welcome gets a short answer, not the card again (issue 16 item 5).
        await page.WaitForBotMessageAsync("Hello again");
        await page.ScreenshotAsync("webchat-en");

        await page.SwitchLanguageAsync("中文");
        Assert.Equal("zh-Hans", await page.Page.GetAttributeAsync("html", "lang"));
        await page.WaitForBotMessageAsync("您好，我是 SupportBot");
        await page.SendAsync("账单");
        await page.WaitForBotMessageAsync("账单和发票");
        await page.WaitForBotMessageAsync("问题解决了吗");
        await page.ScreenshotAsync("webchat-zh-Hans");

        Assert.Empty(page.ConsoleErrors);
    }

    [Fact]
    public async Task A_reload_picks_the_conversation_up_again_with_its_history()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        await using var page = await chromium.OpenAsync(host.BaseUrl);
        await page.WaitForBotMessageAsync(EnglishGreeting);
        await page.SendAsync("billing");
        await page.WaitForBotMessageAsync("Billing and invoices");
        var conversationId = await page.ConversationIdAsync();

        await page.ReloadAsync();

        await page.WaitForBotMessageAsync("Billing and invoices");
        Assert.Equal(conversationId, await page.ConversationIdAsync());
        var greetings = await page.WaitForBotMessagesAsync(EnglishGreeting, 1);
        Assert.Single(greetings); // the history came back; no second conversation, no second welcome
        await page.SendAsync("hello again");
        await page.WaitForSentAsync("hello again");
        Assert.Empty(page.ConsoleErrors);
    }

    [Fact]
    public async Task A_conversation_that_cannot_be_resumed_starts_over()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        await using var page = await chromium.OpenAsync(host.BaseUrl);
        await page.WaitForBotMessageAsync(EnglishGreeting);
        var before = await page.ConversationIdAsync();
        // As if the server no longer knew the token (another signing key): reconnecting is refused.
        await page.Page.EvaluateAsync(@"() => {
            const saved = JSON.parse(sessionStorage.getItem('supportbot.conversation'));
            saved.token = 'forged.token';
            sessionStorage.setItem('supportbot.conversation', JSON.stringify(saved));
        }");

        await page.Page.ReloadAsync();

        await page.Page.WaitForFunctionAsync("before => document.getElementById('chat').dataset.conversationId !== before && document.getElementById('chat').dataset.state === 'ready'",
            before, new() { Timeout = 30_000 });
        await page.WaitForBotMessageAsync(EnglishGreeting);
        await page.SendAsync("billing");
        await page.WaitForBotMessageAsync("Billing and invoices");
    }

    [Fact]
    public async Task The_page_works_in_Japanese_on_a_phone_sized_screen()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        await using var page = await chromium.OpenAsync(host.BaseUrl, width: 390, height: 844);

        await page.SwitchLanguageAsync("日本語");
        await page.WaitForBotMessageAsync("こんにちは、SupportBot です");
        await page.SendAsync("請求");
        await page.WaitForBotMessageAsync("請求と請求書");
        await page.ScreenshotAsync("webchat-ja-phone");
    }
}
