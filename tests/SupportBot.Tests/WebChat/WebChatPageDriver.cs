using Microsoft.Playwright;

namespace SupportBot.Tests.WebChat;

/// <summary>
/// Headless Chromium from the system (/usr/bin/chromium, or CHROMIUM_PATH) through Playwright; never downloads a
/// browser. One per test class; each test opens its own <see cref="WebChatPageDriver"/>.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task<WebChatPageDriver> OpenAsync(string baseUrl, int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        var driver = new WebChatPageDriver(context, page);
        await driver.GotoAsync(baseUrl);
        return driver;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

/// <summary>
/// Drives the web chat page like a person: pick a language, type, read the bot's answers, take screenshots.
/// Selectors are Web Chat 4.18's own data attributes and roles, kept in this one place.
/// </summary>
public sealed class WebChatPageDriver(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public IPage Page { get; } = page;

    /// <summary>Browser console errors, for assertions and for diagnosing a failed run.</summary>
    public List<string> ConsoleErrors { get; } = [];

    private ILocator Chat => Page.Locator("#chat");

    private ILocator SendBox => Page.Locator("[data-id='webchat-sendbox-input']");

    internal async Task GotoAsync(string baseUrl)
    {
        Page.Console += (_, message) => { if (message.Type == "error") ConsoleErrors.Add(message.Text); };
        Page.PageError += (_, error) => ConsoleErrors.Add(error);
        Page.Response += (_, response) => { if (response.Status >= 400) ConsoleErrors.Add($"{response.Status} {response.Request.Method} {response.Url}"); };
        await Page.GotoAsync(baseUrl);
        await WaitUntilReadyAsync();
    }

    /// <summary>Waits until Web Chat is rendered and connected (the send box is there).</summary>
    public async Task WaitUntilReadyAsync()
    {
        await Page.WaitForSelectorAsync("#chat[data-state='ready']", new() { Timeout = Ms(DefaultTimeout) });
        await SendBox.WaitForAsync(new() { Timeout = Ms(DefaultTimeout) });
    }

    /// <summary>Reloads the page (same tab, so the same session storage) and waits until the chat is ready again.</summary>
    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitUntilReadyAsync();
    }

    /// <summary>The conversation the page is in.</summary>
    public Task<string?> ConversationIdAsync() => Chat.GetAttributeAsync("data-conversation-id");

    /// <summary>The user id the page's conversation was granted (the one the bot sees in <c>from.id</c>).</summary>
    public Task<string> UserIdAsync() =>
        Page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('supportbot.conversation')).userId");

    /// <summary>Clicks a language button of the page by its visible name (English, 中文, 日本語) and waits for the new conversation.</summary>
    public async Task SwitchLanguageAsync(string buttonName)
    {
        var before = await Chat.GetAttributeAsync("data-conversation-id");
        // The page header's picker (the bot's welcome card has language buttons of its own).
        await Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = buttonName, Exact = true }).ClickAsync();
        await Page.WaitForFunctionAsync(
            "before => { const c = document.getElementById('chat'); return c.dataset.state === 'ready' && c.dataset.conversationId !== before; }",
            before, new() { Timeout = Ms(DefaultTimeout) });
        await SendBox.WaitForAsync(new() { Timeout = Ms(DefaultTimeout) });
    }

    public async Task SendAsync(string text)
    {
        await SendBox.FillAsync(text);
        await SendBox.PressAsync("Enter");
    }

    /// <summary>Texts of the bot's messages in the transcript, in order.</summary>
    public async Task<IReadOnlyList<string>> BotMessagesAsync() =>
        await Page.Locator(".webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content").AllInnerTextsAsync();

    /// <summary>Waits until a bot message (text or card) contains <paramref name="text"/>; fails with what the transcript shows.</summary>
    public async Task<string> WaitForBotMessageAsync(string text, TimeSpan? timeout = null) =>
        (await WaitForBotMessagesAsync(text, 1, timeout))[0];

    /// <summary>Waits until at least <paramref name="count"/> bot messages contain <paramref name="text"/> (e.g. a card sent twice).</summary>
    public async Task<IReadOnlyList<string>> WaitForBotMessagesAsync(string text, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var messages = await BotMessagesAsync();
            var found = messages.Where(m => m.Contains(text, StringComparison.Ordinal)).ToList();
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} bot messages containing '{text}', saw {found.Count}. Transcript: [{string.Join(" | ", messages)}]. Console: [{string.Join(" | ", ConsoleErrors)}]");
            await Page.WaitForTimeoutAsync(100);
        }
    }

    /// <summary>The newest Adaptive Card in the transcript that shows <paramref name="text"/>.</summary>
    public ILocator Card(string text) => Cards(text).Last;

    /// <summary>The transcript's Adaptive Cards that show <paramref name="text"/>, case-sensitively (Playwright's HasText ignores case).</summary>
    private ILocator Cards(string text) =>
        Page.Locator(".ac-adaptiveCard").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(text)) });

    /// <summary>
    /// Waits until at least <paramref name="count"/> Adaptive Cards show <paramref name="text"/> (a form sent back
    /// marked is a second card with the same title) and returns the newest.
    /// </summary>
    public async Task<ILocator> WaitForCardAsync(string text, int count = 1, TimeSpan? timeout = null)
    {
        var cards = Cards(text);
        try
        {
            await cards.Nth(count - 1).WaitForAsync(new() { Timeout = Ms(timeout ?? DefaultTimeout) });
        }
        catch (TimeoutException failure)
        {
            throw new TimeoutException($"Expected {count} cards showing '{text}'. Transcript: [{string.Join(" | ", await BotMessagesAsync())}]. Console: [{string.Join(" | ", ConsoleErrors)}]", failure);
        }
        return cards.Last;
    }

    /// <summary>
    /// Clicks the submit button titled <paramref name="title"/> (exactly) on the newest card showing
    /// <paramref name="cardText"/>, and waits until Web Chat has posted the card's activity to Direct Line.
    /// </summary>
    public async Task ClickCardButtonAsync(string cardText, string title)
    {
        var posted = Page.WaitForRequestFinishedAsync(new()
        {
            Predicate = request => request.Method == "POST" && request.Url.EndsWith("/activities", StringComparison.Ordinal),
            Timeout = Ms(DefaultTimeout),
        });
        await Card(cardText).GetByRole(AriaRole.Button, new() { Name = title, Exact = true }).ClickAsync(new() { Timeout = Ms(DefaultTimeout) });
        try
        {
            await posted;
        }
        catch (TimeoutException failure)
        {
            throw new TimeoutException($"Clicking '{title}' on the card showing '{cardText}' posted nothing to Direct Line. Console: [{string.Join(" | ", ConsoleErrors)}]", failure);
        }
    }

    /// <summary>Types <paramref name="value"/> into the text input labelled <paramref name="label"/> on the newest card showing <paramref name="cardText"/>.</summary>
    public Task FillCardInputAsync(string cardText, string label, string value) =>
        CardInput(cardText, label).FillAsync(value, new() { Timeout = Ms(DefaultTimeout) });

    /// <summary>The current value of the input labelled <paramref name="label"/> on the newest card showing <paramref name="cardText"/>.</summary>
    public Task<string> CardInputValueAsync(string cardText, string label) =>
        CardInput(cardText, label).InputValueAsync(new() { Timeout = Ms(DefaultTimeout) });

    /// <summary>
    /// Picks <paramref name="choice"/> (its visible title) in the choice set labelled <paramref name="label"/>: a
    /// compact choice set renders as a &lt;select&gt;, an expanded one as a group of radio buttons.
    /// </summary>
    public async Task ChooseCardOptionAsync(string cardText, string label, string choice)
    {
        var input = CardInput(cardText, label);
        if (await input.EvaluateAsync<string>("e => e.tagName", null, new() { Timeout = Ms(DefaultTimeout) }) == "SELECT")
        {
            await input.SelectOptionAsync(new SelectOptionValue { Label = choice }, new() { Timeout = Ms(DefaultTimeout) });
            return;
        }
        // Each radio button is labelled by the set's label and its own choice title together (adaptivecards 3.0).
        var card = Card(cardText);
        var radio = card.GetByRole(AriaRole.Radio).And(card.GetByLabel(label)).And(card.GetByLabel(choice));
        await radio.First.CheckAsync(new() { Timeout = Ms(DefaultTimeout) });
    }

    /// <summary>An input of a card by its label (Adaptive Cards renders a &lt;label&gt; or an aria-label for it); "Title" also finds "Title *".</summary>
    private ILocator CardInput(string cardText, string label) => Card(cardText).GetByLabel(label).First;

    /// <summary>Waits until the user's message shows as sent (Web Chat saw its echo with an id).</summary>
    public async Task WaitForSentAsync(string text)
    {
        var bubble = Page.Locator(".webchat__bubble--from-user", new() { HasText = text });
        await bubble.First.WaitForAsync(new() { Timeout = Ms(DefaultTimeout) });
        await Page.WaitForFunctionAsync(
            "() => !document.querySelector('.webchat__activity-status--sending, .webchat__activity-status--send-failed')",
            null, new() { Timeout = Ms(DefaultTimeout) });
    }

    /// <summary>Waits until Web Chat shows no connectivity notice ("Connecting…"), which it shows briefly after a start.</summary>
    public async Task WaitForSettledAsync() =>
        await Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.webchat__connectivityStatus')].every(e => !e.innerText.trim())",
            null, new() { Timeout = Ms(DefaultTimeout) });

    /// <summary>
    /// Saves a full-page screenshot as artifacts/screenshots/&lt;name&gt;.png under the repository root, once Web Chat
    /// has settled, with <paramref name="showing"/> (e.g. a card) scrolled into view.
    /// </summary>
    public async Task<string> ScreenshotAsync(string name, ILocator? showing = null)
    {
        await WaitForSettledAsync();
        // The transcript scrolls inside the page: bring the part the screenshot is about into view.
        if (showing is not null) await showing.ScrollIntoViewIfNeededAsync(new() { Timeout = Ms(DefaultTimeout) });
        var directory = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    private static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
