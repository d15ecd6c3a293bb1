using System.Text.Json;
using Microsoft.Playwright;

namespace SupportBot.Tests.Cards;

/// <summary>
/// Every card the bot can send, rendered by the Adaptive Cards JavaScript renderer (tests/cards-render, the npm
/// package Web Chat and the designer use) with Teams' host config in headless Chromium: the renderer must parse it
/// without a warning, validate it without a complaint (e.g. more actions than Teams' maxActions) and draw something.
/// </summary>
public sealed class CardRenderTests(CardRenderer renderer) : IClassFixture<CardRenderer>
{
    public static TheoryData<string> Samples => CardSamples.Names();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Renders_in_the_browser_with_the_Teams_host_config_and_no_warnings(string name)
    {
        var result = await renderer.RenderAsync(CardSamples.Get(name).ToJson());

        Assert.True(result.Problems.Count == 0, $"{name}:\n{string.Join('\n', result.Problems)}");
        Assert.True(result.Height > 20 && result.TextLength > 0, $"{name} rendered empty ({result.Height}px high, {result.TextLength} characters).");
        Assert.True(result.ClippedButtons.Count == 0, $"{name}: button titles cut off at the Teams card width: {string.Join(", ", result.ClippedButtons)}");
    }

    [Fact]
    public async Task A_card_the_renderer_cannot_read_is_reported()
    {
        var result = await renderer.RenderAsync("""
            {"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlok","text":"x"}],
             "actions":[{"type":"Action.Submit","title":"1"},{"type":"Action.Submit","title":"2"},{"type":"Action.Submit","title":"3"},
                        {"type":"Action.Submit","title":"4"},{"type":"Action.Submit","title":"5"},{"type":"Action.Submit","title":"6"},{"type":"Action.Submit","title":"7"}]}
            """);

        Assert.Contains(result.Problems, problem => problem.Contains("UnknownElementType", StringComparison.Ordinal));
        Assert.Contains(result.Problems, problem => problem.Contains("TooManyActions", StringComparison.Ordinal));

        var wide = await renderer.RenderAsync("""
            {"type":"AdaptiveCard","version":"1.5","body":[{"type":"ActionSet","actions":[
              {"type":"Action.Submit","title":"Report a Partner Center problem to 21Vianet"},{"type":"Action.Submit","title":"Escalate a customer issue"}]}]}
            """);
        Assert.Equal(["Escalate a customer issue"], wide.ClippedButtons);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-Hans")]
    [InlineData("ja")]
    public async Task Screenshots_of_the_main_cards_go_to_artifacts(string language)
    {
        var directory = Path.Combine(SharedSchemas.RepoRoot(), "artifacts", "cards");
        Directory.CreateDirectory(directory);
        foreach (var card in new[] { "menu/welcome-partner", "form/serviceRequest/errors", "guide/connectivity/customer", "request/receipt-ServiceRequest", "choice/did-you-mean", "agents/notification-new", "requester/resolved" })
        {
            var path = Path.Combine(directory, $"{language}-{card.Replace('/', '-')}.png");
            await renderer.RenderAsync(CardSamples.Get($"{language}/{card}").ToJson(), screenshotPath: path);
            Assert.True(new FileInfo(path).Length > 1000, $"{path} is empty.");
        }
    }
}

/// <summary>What the renderer said about a card and what it drew.</summary>
public sealed record CardRenderResult(IReadOnlyList<string> Problems, double Height, int TextLength, IReadOnlyList<string> ClippedButtons);

/// <summary>
/// One headless Debian Chromium (never a downloaded browser) with one page holding the renderer, shared by the
/// render tests. Cards are drawn into a box as wide as a card in Teams' desktop chat.
/// </summary>
public sealed class CardRenderer : IAsyncLifetime
{
    /// <summary>About the width Teams desktop gives a card in a chat (CSS pixels); narrower on mobile.</summary>
    public const int TeamsCardWidth = 440;

    private readonly SemaphoreSlim _pageGate = new(1, 1);
    private readonly List<string> _consoleErrors = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;

    public async Task InitializeAsync()
    {
        var package = Path.Combine(SharedSchemas.RepoRoot(), "tests", "cards-render", "node_modules");
        var renderer = Path.Combine(package, "adaptivecards", "dist", "adaptivecards.min.js");
        if (!File.Exists(renderer))
            throw new FileNotFoundException($"{renderer} is missing: run ./test.sh (it runs npm ci in tests/cards-render).");
        var hostConfig = File.ReadAllText(SharedSchemas.PathOf("hostconfig-teams-light.json"));

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        _page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = TeamsCardWidth + 40, Height = 800 } });
        _page.Console += (_, message) => { if (message.Type == "error") lock (_consoleErrors) _consoleErrors.Add($"console: {message.Text}"); };
        _page.PageError += (_, error) => { lock (_consoleErrors) _consoleErrors.Add($"page error: {error}"); };

        await _page.SetContentAsync($"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>cards</title></head>
            <body style="margin:0;padding:20px;background:#f5f5f5">
              <div id="host" style="width:{TeamsCardWidth}px;background:#fff"></div>
            </body></html>
            """);
        await _page.AddScriptTagAsync(new() { Path = Path.Combine(package, "markdown-it", "dist", "markdown-it.min.js") });
        await _page.AddScriptTagAsync(new() { Path = renderer });
        await _page.EvaluateAsync("""
            hostConfigJson => {
              const markdown = window.markdownit();
              // Teams renders the card markdown subset; without a processor the renderer would show ** and [](…) raw.
              AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = markdown.render(text); result.didProcess = true; };
              window.teamsHostConfig = new AdaptiveCards.HostConfig(JSON.parse(hostConfigJson));
              window.renderCard = cardJson => {
                const host = document.getElementById('host');
                host.innerHTML = '';
                const card = new AdaptiveCards.AdaptiveCard();
                card.hostConfig = window.teamsHostConfig;
                // The renderer checks lang with a global RegExp whose lastIndex survives between cards, so every
                // other valid "en" fails (microsoft/AdaptiveCards#9145); start each card from a clean regex.
                AdaptiveCards.CardElement.langProperty.regEx.lastIndex = 0;
                const context = new AdaptiveCards.SerializationContext();
                card.parse(JSON.parse(cardJson), context);
                const problems = [];
                for (let i = 0; i < context.eventCount; i++) {
                  const e = context.getEventAt(i);
                  problems.push(`parse ${AdaptiveCards.ValidationEvent[e.event]}: ${e.message}`);
                }
                for (const e of card.validateProperties().validationEvents)
                  problems.push(`validate ${AdaptiveCards.ValidationEvent[e.event]}: ${e.message}`);
                const element = card.render();
                if (!element) return { problems, height: 0, textLength: 0, clippedButtons: [] };
                host.appendChild(element);
                // A button is cut off when its row runs past the card's edge, or its title is wider than the button.
                const edge = element.getBoundingClientRect().right;
                const clippedButtons = [...element.querySelectorAll('button.ac-pushButton')]
                  .filter(button => {
                    const label = button.querySelector('div') || button;
                    return button.getBoundingClientRect().right > edge + 0.5 || label.scrollWidth > label.clientWidth + 1;
                  })
                  .map(button => button.innerText.trim());
                return { problems, height: element.getBoundingClientRect().height, textLength: element.innerText.trim().length, clippedButtons };
              };
            }
            """, hostConfig);
    }

    public async Task<CardRenderResult> RenderAsync(string cardJson, string? screenshotPath = null)
    {
        await _pageGate.WaitAsync();
        try
        {
            lock (_consoleErrors) _consoleErrors.Clear();
            var result = await _page!.EvaluateAsync<JsonElement>("json => window.renderCard(json)", cardJson);
            if (screenshotPath is not null) await _page.Locator("#host").ScreenshotAsync(new() { Path = screenshotPath });
            var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
            lock (_consoleErrors) problems.AddRange(_consoleErrors);
            return new CardRenderResult(
                problems,
                result.GetProperty("height").GetDouble(),
                result.GetProperty("textLength").GetInt32(),
                result.GetProperty("clippedButtons").EnumerateArray().Select(b => b.GetString()!).ToList());
        }
        finally
        {
            _pageGate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
