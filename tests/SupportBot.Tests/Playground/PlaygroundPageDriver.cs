using Microsoft.Playwright;
using SupportBot.Tests.WebChat;

namespace SupportBot.Tests.Playground;

/// <summary>
/// Drives the Agents Playground's web UI (its Teams look, Fluent UI) like a person: type in the compose box, click
/// Adaptive Card buttons, fill card inputs by their labels, take screenshots. Its selectors, read from the rendered
/// page of 0.2.28, are kept in this one place: each card renders in a <c>.ac-preview-panel</c>.
/// </summary>
public sealed class PlaygroundPageDriver(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public IPage Page { get; } = page;

    private ILocator ComposeBox => Page.Locator("[role=textbox][contenteditable]").First;

    private ILocator Cards => Page.Locator(".ac-preview-panel");

    /// <summary>Opens the Playground's page and hides its log panel (it repeats every message as raw text).</summary>
    public static async Task<PlaygroundPageDriver> OpenAsync(IBrowser browser, Uri playground)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-US" });
        var page = await context.NewPageAsync();
        var driver = new PlaygroundPageDriver(context, page);
        await page.GotoAsync(playground.ToString());
        await page.Locator("[title='Hide log panel']").ClickAsync(new() { Timeout = Ms(DefaultTimeout) });
        return driver;
    }

    public async Task SendAsync(string text)
    {
        await ComposeBox.ClickAsync(new() { Timeout = Ms(DefaultTimeout) });
        await ComposeBox.PressSequentiallyAsync(text);
        await ComposeBox.PressAsync("Enter");
    }

    /// <summary>The newest card that shows <paramref name="text"/>.</summary>
    public ILocator Card(string text) => CardsShowing(text).Last;

    /// <summary>The cards that show <paramref name="text"/>, case-sensitively (Playwright's HasText ignores case).</summary>
    private ILocator CardsShowing(string text) =>
        Cards.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(text)) });

    /// <summary>Waits until at least <paramref name="count"/> cards show <paramref name="text"/>; returns the newest.</summary>
    public async Task<ILocator> WaitForCardAsync(string text, int count = 1)
    {
        var cards = CardsShowing(text);
        try
        {
            await cards.Nth(count - 1).WaitForAsync(new() { Timeout = Ms(DefaultTimeout) });
        }
        catch (TimeoutException failure)
        {
            var shown = await Cards.AllInnerTextsAsync();
            throw new TimeoutException($"Expected {count} cards showing '{text}'. Cards: [{string.Join(" | ", shown)}]", failure);
        }
        return cards.Last;
    }

    /// <summary>Clicks the button titled <paramref name="title"/> (exactly) on the newest card showing <paramref name="cardText"/>.</summary>
    public Task ClickCardButtonAsync(string cardText, string title) =>
        Card(cardText).GetByRole(AriaRole.Button, new() { Name = title, Exact = true }).ClickAsync(new() { Timeout = Ms(DefaultTimeout) });

    /// <summary>Types into the input labelled <paramref name="label"/> ("Title" also finds "Title *").</summary>
    public Task FillCardInputAsync(string cardText, string label, string value) =>
        Card(cardText).GetByLabel(label).First.FillAsync(value, new() { Timeout = Ms(DefaultTimeout) });

    public Task<string> CardInputValueAsync(string cardText, string label) =>
        Card(cardText).GetByLabel(label).First.InputValueAsync(new() { Timeout = Ms(DefaultTimeout) });

    /// <summary>Picks a choice of an expanded choice set: the Playground renders each as a Fluent radio labelled with its title.</summary>
    public Task ChooseCardOptionAsync(string cardText, string choice) =>
        Card(cardText).GetByRole(AriaRole.Radio, new() { Name = choice, Exact = true }).CheckAsync(new() { Timeout = Ms(DefaultTimeout) });

    /// <summary>Saves artifacts/screenshots/&lt;name&gt;.png with <paramref name="showing"/> scrolled into view.</summary>
    public async Task<string> ScreenshotAsync(string name, ILocator? showing = null)
    {
        if (showing is not null) await showing.ScrollIntoViewIfNeededAsync(new() { Timeout = Ms(DefaultTimeout) });
        var directory = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path });
        return path;
    }

    private static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
