using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Tests.WebChat;
using Xunit.Abstractions;

namespace SupportBot.Tests.Playground;

/// <summary>
/// Issue 16's screenshots in Teams, through the Agents Playground's own UI (<c>msteams</c>): a partner's welcome, the
/// Partner Center request form sent back with its errors, and the receipt, in each language
/// (artifacts/screenshots/issue16-teams-&lt;lang&gt;-*.png). The language is picked the way a partner does: typed.
/// </summary>
public sealed class PlaygroundScreenshotTests(ChromiumBrowser chromium, ITestOutputHelper output)
    : PlaygroundBot(new Dictionary<string, string?> { ["Support:Roles:PartnerTenantIds:0"] = PlaygroundTenant }), IClassFixture<ChromiumBrowser>
{
    private const string PlaygroundTenant = "00000000-0000-0000-0000-0000000000001";

    [Theory]
    [InlineData("en", null)]
    [InlineData("zh-Hans", "中文")]
    [InlineData("ja", "日本語")]
    public async Task A_partner_goes_from_the_welcome_to_a_receipt_in_Teams(string language, string? switchWord)
    {
        var strings = StringCatalog.Load();
        string T(string key) => strings.Get(language, key);
        string Shown(string key) => T(key).Split('\'')[0];
        var topic = GuideCatalog.Load().Get("partner-center-requests", language).Title;
        await using var playground = await AgentsPlayground.StartAsync(BotEndpoint, "msteams");
        await using var page = await PlaygroundPageDriver.OpenAsync(chromium.Browser, playground.BaseAddress);
        async Task Shot(string step, Microsoft.Playwright.ILocator shown) => await page.ScreenshotAsync($"issue16-teams-{language}-{step}", shown);
        try
        {
            // The Playground's user writes in English (en-US) until they pick another language.
            await page.SendAsync("hi");
            await page.WaitForCardAsync(strings.Get("en", "welcome.title").Split('\'')[0]);
            if (switchWord is not null)
            {
                await page.SendAsync(switchWord);
                await page.WaitForCardAsync(Shown("welcome.topics"));
                await page.SendAsync(T("command.startOver").Split('|')[0]);
            }
            var welcome = await page.WaitForCardAsync(Shown("welcome.partner.line"));
            await Shot("1-welcome", welcome);

            await page.ClickCardButtonAsync(Shown("welcome.partner.line"), topic);
            await page.WaitForCardAsync(Shown("guide.solvedQuestion"));
            await page.ClickCardButtonAsync(Shown("guide.solvedQuestion"), language switch { "zh-Hans" => "否", "ja" => "いいえ", _ => "No" });
            var formTitle = Shown("form.partnerCenterRequest.title");
            await page.WaitForCardAsync(formTitle);
            await page.ClickCardButtonAsync(formTitle, T("form.submit"));

            var form = Shown("form.fixErrors");
            var marked = await page.WaitForCardAsync(form);
            await Shot("2-form-errors", marked.GetByText(form).First);

            await page.ChooseCardOptionAsync(form, T("form.partnerCenterRequest.category.technical"));
            await page.FillCardInputAsync(form, T("form.partnerCenterRequest.title.label"), "Cannot create a customer");
            await page.FillCardInputAsync(form, T("form.partnerCenterRequest.description.label"), "New customer fails with error 500 since 9:00.");
            await page.ChooseCardOptionAsync(form, T("form.severity.moderate"));
            await page.FillCardInputAsync(form, T("form.partnerCenterRequest.email.label"), "alex@partner.example");
            await page.FillCardInputAsync(form, T("form.partnerCenterRequest.phone.label"), "010-1234-5678");
            await page.ClickCardButtonAsync(form, T("form.submit"));

            var receipt = await page.WaitForCardAsync(T("receipt.title").Split("{0}")[0].Trim());
            await Shot("3-receipt", receipt);
        }
        catch (Exception failure) when (failure is not Xunit.Sdk.XunitException)
        {
            await page.ScreenshotAsync($"issue16-teams-{language}-failed");
            throw new InvalidOperationException($"{failure.Message}\nPlayground output:\n{playground.Output}", failure);
        }
        output.WriteLine($"{language}: done");
    }
}
