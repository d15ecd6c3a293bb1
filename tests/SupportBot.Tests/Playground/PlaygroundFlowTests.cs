using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;
using SupportBot.Tests.WebChat;
using Xunit.Abstractions;

namespace SupportBot.Tests.Playground;

/// <summary>
/// A partner's conversation in the Agents Playground's own UI (<c>msteams</c> channel, headless Chromium): the partner
/// welcome, the Partner Center topic's guide with the exact path, "No", the Partner Center request form filled in the
/// rendered card (first with the phone left empty: the marked card comes back), and the receipt. The bot treats the
/// Playground's mock tenant as a partner tenant, as a real deployment lists its partners' tenants.
/// </summary>
public sealed partial class PlaygroundFlowTests(ChromiumBrowser chromium, ITestOutputHelper output)
    : PlaygroundBot(new Dictionary<string, string?> { ["Support:Roles:PartnerTenantIds:0"] = PlaygroundTenant }), IClassFixture<ChromiumBrowser>
{
    /// <summary>The tenant the Playground's mock Teams sends in conversation.tenantId and channelData.tenant.id (Fixtures/activities/playground-msteams-message.json).</summary>
    private const string PlaygroundTenant = "00000000-0000-0000-0000-0000000000001";

    private const string PartnerWelcome = "I help CSP partners";
    private const string Topic = "Report a Partner Center problem to 21Vianet";
    private const string Question = "Did this solve it?";
    private const string FormTitle = "Partner Center request to 21Vianet";
    private const string Required = "This field is required.";

    [Fact]
    public async Task A_partner_goes_through_the_Partner_Center_guide_and_files_a_request_in_the_Playground()
    {
        var clock = Stopwatch.StartNew();
        await using var playground = await AgentsPlayground.StartAsync(BotEndpoint, "msteams");
        await using var page = await PlaygroundPageDriver.OpenAsync(chromium.Browser, playground.BaseAddress);
        async Task Step(string name, Microsoft.Playwright.ILocator shown) => await page.ScreenshotAsync($"playground-flow-msteams-{name}", shown);

        try
        {
            await page.SendAsync("hi");
            await Step("1-partner-welcome", await page.WaitForCardAsync(PartnerWelcome));

            await page.ClickCardButtonAsync(PartnerWelcome, Topic);
            var guide = await page.WaitForCardAsync("Open Partner Center requests");
            var steps = await guide.InnerTextAsync();
            Assert.Contains("Support requests > Partner Center requests", steps); // the exact path in Partner Center
            Assert.Contains("New request", steps);
            await Step("2-guide", guide);

            await page.ClickCardButtonAsync(Question, "No");
            var form = await page.WaitForCardAsync(FormTitle);
            Assert.Equal("Alex Wilber", await page.CardInputValueAsync(FormTitle, "Contact name")); // the Teams user's name, filled in
            await Step("3-form", form);

            await page.ChooseCardOptionAsync(FormTitle, "Customer and subscription management");
            await page.FillCardInputAsync(FormTitle, "Title", "Cannot create a customer");
            await page.FillCardInputAsync(FormTitle, "Description", "New customer fails with error 500 since 9:00 today.");
            await page.ChooseCardOptionAsync(FormTitle, "Moderate: significant loss or degradation of service; needs attention in business hours");
            await page.FillCardInputAsync(FormTitle, "Email", "alex@partner.example");
            await page.ClickCardButtonAsync(FormTitle, "Submit");

            var marked = await page.WaitForCardAsync(Required);
            Assert.Equal("Cannot create a customer", await page.CardInputValueAsync(Required, "Title"));
            await Step("4-marked", marked.GetByText(Required).First);

            await page.FillCardInputAsync(Required, "Phone", "010-1234-5678");
            await page.ClickCardButtonAsync(Required, "Submit");

            var receipt = await page.WaitForCardAsync("Request SR-");
            var receiptText = await receipt.InnerTextAsync();
            Assert.Matches(Receipt(), receiptText);
            await Step("5-receipt", receipt);

            var request = await Bot.Services.GetRequiredService<IRequestStore>().GetAsync(RequestId().Match(receiptText).Value);
            Assert.NotNull(request);
            Assert.Equal((RequestKind.PartnerCenterRequest, AgentQueue.VianetDesk), (request.Kind, request.Queue));
            Assert.Equal((Channels.MsTeams, "partner", PlaygroundTenant), (request.Requester.ChannelId, request.Requester.Role, request.Requester.TenantId));
            Assert.Equal("010-1234-5678", request.Form["phone"]);
            Assert.Equal("partner-center-requests", request.SelfHelp!.GuideId);
        }
        catch (Exception failure) when (failure is not Xunit.Sdk.XunitException)
        {
            await page.ScreenshotAsync("playground-flow-msteams-failed");
            throw new InvalidOperationException($"{failure.Message}\nPlayground output:\n{playground.Output}", failure);
        }
        output.WriteLine($"Playground flow in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// The Playground's known limits (hero-card buttons cannot be clicked, suggested actions send their title) are why
    /// every choice is also accepted typed: a partner who types the problem and "no" reaches the same form.
    /// </summary>
    [Fact]
    public async Task A_partner_who_types_the_problem_and_the_answer_reaches_the_same_form()
    {
        await using var playground = await AgentsPlayground.StartAsync(BotEndpoint, "msteams");
        await using var page = await PlaygroundPageDriver.OpenAsync(chromium.Browser, playground.BaseAddress);
        try
        {
            await page.SendAsync("hi");
            await page.WaitForCardAsync(PartnerWelcome);

            await page.SendAsync("I can't create a customer in Partner Center, it shows an error");
            await page.WaitForCardAsync("Open Partner Center requests");
            await page.WaitForCardAsync(Question);
            await page.SendAsync("no");

            var form = await page.WaitForCardAsync(FormTitle);
            await page.ScreenshotAsync("playground-flow-msteams-typed-form", form);
            Assert.Equal("Alex Wilber", await page.CardInputValueAsync(FormTitle, "Contact name"));
        }
        catch (Exception failure) when (failure is not Xunit.Sdk.XunitException)
        {
            await page.ScreenshotAsync("playground-flow-msteams-typed-failed");
            throw new InvalidOperationException($"{failure.Message}\nPlayground output:\n{playground.Output}", failure);
        }
    }

    [GeneratedRegex(@"SR-\d{8}-\d{4}")]
    private static partial Regex RequestId();

    [GeneratedRegex(@"Request SR-\d{8}-\d{4} received")]
    private static partial Regex Receipt();
}
