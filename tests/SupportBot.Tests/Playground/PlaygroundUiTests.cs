using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Playground;

/// <summary>
/// The Playground's own web UI in Chromium (/usr/bin/chromium, never a downloaded browser): a user types in the chat
/// box and sees the bot's answer. Leaves a screenshot per channel in artifacts/.
/// </summary>
public sealed partial class PlaygroundUiTests : PlaygroundBot
{
    [Theory]
    [InlineData("msteams")]
    [InlineData("webchat")]
    public async Task A_user_typing_in_the_Playground_sees_the_bots_answer(string channelId)
    {
        await using var playground = await AgentsPlayground.StartAsync(BotEndpoint, channelId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var config = (await playground.Http.GetFromJsonAsync<JsonElement>("_internal/v1/config", timeout.Token)).GetProperty("config");
        var botId = config.GetProperty("bot").GetProperty("id").GetString()!;
        using var log = await playground.OpenLogStreamAsync(timeout.Token);

        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(playground.BaseAddress.ToString());
        // The log panel repeats every message as raw text; hide it so only the chat can show the answer.
        await page.Locator("[title='Hide log panel']").ClickAsync(new LocatorClickOptions { Timeout = 30_000 });

        // Teams look: a contenteditable box; Web Chat look: Web Chat's send box input.
        var input = page.Locator("[role=textbox][contenteditable], input.webchat__send-box-text-box__input").First;
        await input.ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
        await input.PressSequentiallyAsync("hello");
        await input.PressAsync("Enter");

        JsonElement reply;
        try
        {
            (_, reply) = await AgentsPlayground.WaitForReplyAsync(log, "hello", timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await Screenshot(page, channelId);
            Assert.Fail($"The bot did not answer the message typed in the Playground.\n{playground.Output}");
            return;
        }

        Assert.Equal(botId, reply.GetProperty("from").GetProperty("id").GetString());
        // The page renders the reply's Markdown (and Web Chat curls quotes): look for three plain words of it.
        var plainWords = PlainWords().Match(VisibleText(reply));
        Assert.True(plainWords.Success, $"No three plain words in the reply: {reply}");
        try
        {
            await Assertions.Expect(page.GetByText(plainWords.Value).First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        }
        finally
        {
            await Screenshot(page, channelId);
        }
    }

    private static async Task Screenshot(IPage page, string channelId)
    {
        var artifacts = Path.Combine(AgentsPlayground.RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, $"playground-{channelId}.png"), FullPage = true });
    }

    [GeneratedRegex(@"\p{L}+ \p{L}+ \p{L}+")]
    private static partial Regex PlainWords();

    /// <summary>The reply's text, or the longest text block of its Adaptive Card (most replies are cards).</summary>
    private static string VisibleText(System.Text.Json.JsonElement reply)
    {
        if (reply.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } plain) return plain;
        var body = reply.GetProperty("attachments")[0].GetProperty("content").GetProperty("body");
        return body.EnumerateArray()
            .Where(element => element.TryGetProperty("text", out _))
            .Select(element => element.GetProperty("text").GetString()!)
            .MaxBy(blockText => blockText.Length) ?? "";
    }
}
