using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Tests.Bot.DirectLine;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.WebChat;

/// <summary>
/// Issue 16 item 7: the page is the customers' (their service operated by 21Vianet, the partner's own name and logo
/// where configured, neutral otherwise), and on a 390×844 phone the message box is on screen without scrolling.
/// </summary>
public sealed class WebPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    private static readonly Dictionary<string, string?> Contoso = new()
    {
        ["WebPage:OperatorName"] = "Contoso IT Services",
        ["WebPage:LogoUrl"] = "/favicon.svg",
    };

    public static TheoryData<string, string?, string, string> Languages => new()
    {
        { "en", null, "Microsoft 365 operated by 21Vianet", "Hi, I" },
        { "zh-Hans", "中文", "由世纪互联运营的 Microsoft 365", "您好，我是 SupportBot" },
        { "ja", "日本語", "21Vianet が運営する Microsoft 365", "こんにちは、SupportBot です" },
    };

    [Fact]
    public async Task The_page_is_neutral_until_a_partner_configures_its_name_and_logo()
    {
        await using var neutral = await DirectLineHost.StartAsync();
        var none = await neutral.Http.GetFromJsonAsync<JsonElement>("/api/branding");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("operatorName").ValueKind);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("logoUrl").ValueKind);

        await using var branded = await DirectLineHost.StartAsync(Contoso);
        var contoso = await branded.Http.GetFromJsonAsync<JsonElement>("/api/branding");
        Assert.Equal("Contoso IT Services", contoso.GetProperty("operatorName").GetString());
        Assert.Equal("/favicon.svg", contoso.GetProperty("logoUrl").GetString());
    }

    [Theory]
    [InlineData("WebPage:LogoUrl", "javascript:alert(1)", "WebPage:LogoUrl")]
    [InlineData("WebPage:LogoUrl", "http://contoso.example/logo.png", "WebPage:LogoUrl")]
    [InlineData("WebPage:LogoUrl", "//contoso.example/logo.png", "WebPage:LogoUrl")]
    [InlineData("WebPage:LogoUrl", "logo.png", "WebPage:LogoUrl")]
    [InlineData("WebPage:OperatorName", "Contoso\nIT", "control characters")]
    [InlineData("WebPage:OperatorName", "Contoso IT Services Contoso IT Services Contoso IT Services Contoso IT Services !", "longer than 80")]
    public async Task A_wrong_branding_setting_stops_the_start_and_names_the_setting(string key, string value, string expected)
    {
        await using var app = new BotAppFactory(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(expected, failure.Message);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task On_a_phone_the_message_box_is_on_screen_and_the_header_is_the_partners_service_not_Partner_Center(
        string language, string? picker, string service, string welcome)
    {
        await using var host = await DirectLineHost.StartAsync(Contoso, realBot: true);
        await using var page = await chromium.OpenAsync(host.BaseUrl, width: 390, height: 844);
        if (picker is not null) await page.SwitchLanguageAsync(picker);
        var card = await page.WaitForCardAsync(welcome);
        await page.WaitForSettledAsync();

        // The message box is inside the screen and the page itself does not scroll.
        var sendBox = await page.Page.Locator("[data-id='webchat-sendbox-input']").BoundingBoxAsync();
        Assert.NotNull(sendBox);
        Assert.True(sendBox.Y >= 0 && sendBox.Y + sendBox.Height <= 844, $"send box at y={sendBox.Y}..{sendBox.Y + sendBox.Height} on an 844 px screen");
        var scroll = await page.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]");
        var (scrollHeight, scrollWidth) = (scroll[0], scroll[1]);
        Assert.True(scrollHeight <= 844 && scrollWidth <= 390, $"the page scrolls: {scrollWidth}×{scrollHeight}");

        // The partner's name and logo, and the customer's service: nothing about Partner Center.
        var header = page.Page.GetByRole(AriaRole.Banner);
        var headerText = await header.InnerTextAsync();
        Assert.Contains("Contoso IT Services", headerText);
        Assert.Contains(service, headerText);
        Assert.DoesNotContain("Partner Center", headerText);
        Assert.DoesNotContain("合作伙伴中心", headerText);
        Assert.DoesNotContain("パートナー センター", headerText);
        Assert.True(await header.Locator("img.brand-logo").IsVisibleAsync());
        Assert.True(await page.Page.EvaluateAsync<bool>("() => document.querySelector('img.brand-logo').naturalWidth > 0"));
        Assert.StartsWith("Contoso IT Services · ", await page.Page.TitleAsync());

        // The header switches language; the welcome card does not repeat it.
        foreach (var name in new[] { "English", "中文", "日本語" })
            Assert.Equal(0, await card.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).CountAsync());
        Assert.Empty(page.ConsoleErrors);
        await page.ScreenshotAsync($"issue16-page-phone-{language}-welcome");
    }

    [Fact]
    public async Task The_neutral_page_shows_the_bot_and_the_customers_service()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        await using var page = await chromium.OpenAsync(host.BaseUrl);
        await page.WaitForCardAsync("Hi, I");

        var headerText = await page.Page.GetByRole(AriaRole.Banner).InnerTextAsync();
        Assert.Contains("SupportBot", headerText);
        Assert.Contains("Support for Microsoft 365 operated by 21Vianet", headerText);
        Assert.False(await page.Page.Locator("img.brand-logo").IsVisibleAsync());
        Assert.DoesNotContain("Partner Center", await page.Page.Locator("main").InnerTextAsync());
        Assert.Empty(page.ConsoleErrors);
    }

    public static TheoryData<string, string?, bool> Devices => new()
    {
        { "en", null, false }, { "zh-Hans", "中文", false }, { "ja", "日本語", false },
        { "en", null, true }, { "zh-Hans", "中文", true }, { "ja", "日本語", true },
    };

    /// <summary>
    /// The screenshots on the page: the welcome, the service-request form sent back with its errors, and the
    /// receipt, per language, on a desktop and on a 390×844 phone (artifacts/screenshots/issue16-page-*.png).
    /// </summary>
    [Theory]
    [MemberData(nameof(Devices))]
    public async Task A_customer_goes_from_the_welcome_to_a_receipt_on_desktop_and_phone(string language, string? picker, bool phone)
    {
        var strings = StringCatalog.Load();
        string T(string key) => strings.Get(language, key);
        // Text as the card shows it, up to an apostrophe: the renderer turns "I'm" into a typographic one.
        string Shown(string key) => T(key).Split('\'')[0];
        var topic = GuideCatalog.Load().Get("service-health", language).Title;
        var device = phone ? "phone" : "desktop";
        await using var host = await DirectLineHost.StartAsync(Contoso, realBot: true);
        await using var page = phone ? await chromium.OpenAsync(host.BaseUrl, width: 390, height: 844) : await chromium.OpenAsync(host.BaseUrl);
        if (picker is not null) await page.SwitchLanguageAsync(picker);
        async Task Shot(string step, ILocator shown) => await page.ScreenshotAsync($"issue16-page-{device}-{language}-{step}", shown);

        var welcomeTitle = Shown("welcome.title");
        var welcome = await page.WaitForCardAsync(welcomeTitle);
        await Shot("1-welcome", welcome);

        await page.ClickCardButtonAsync(welcomeTitle, topic);
        await page.WaitForCardAsync(Shown("guide.solvedQuestion"));
        await page.ClickCardButtonAsync(Shown("guide.solvedQuestion"), language switch { "zh-Hans" => "否", "ja" => "いいえ", _ => "No" });
        var formTitle = Shown("form.serviceRequest.title");
        await page.WaitForCardAsync(formTitle);
        await page.ClickCardButtonAsync(formTitle, T("form.submit"));

        var marked = await page.WaitForCardAsync(Shown("form.fixErrors"));
        Assert.Contains(Shown("form.error.required"), await marked.InnerTextAsync());
        await Shot("2-form-errors", marked.GetByText(Shown("form.fixErrors")).First);

        var form = Shown("form.fixErrors");
        await page.FillCardInputAsync(form, T("form.serviceRequest.title.label"), "Outlook");
        await page.ChooseCardOptionAsync(form, T("form.serviceRequest.area.label"), T("form.serviceRequest.area.connectivity"));
        await page.ChooseCardOptionAsync(form, T("form.serviceRequest.severity.label"), T("form.severity.moderate"));
        await page.FillCardInputAsync(form, T("form.serviceRequest.description.label"), "Outlook cannot connect since 9:00.");
        await page.FillCardInputAsync(form, T("form.serviceRequest.contactName.label"), "Li Wei");
        await page.FillCardInputAsync(form, T("form.serviceRequest.email.label"), "li.wei@contoso.cn");
        await page.ClickCardButtonAsync(form, T("form.submit"));

        var receipt = await page.WaitForCardAsync(T("receipt.title").Split("{0}")[0].Trim());
        await Shot("3-receipt", receipt);
        Assert.Empty(page.ConsoleErrors);
    }
}
