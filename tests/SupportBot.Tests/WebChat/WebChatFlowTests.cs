using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Microsoft.Playwright;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.Bot.DirectLine;

namespace SupportBot.Tests.WebChat;

/// <summary>
/// A whole customer conversation on the real page, clicked and typed like a person in headless Chromium: welcome,
/// a topic button, the guide, "not solved", the service-request form filled in its rendered Adaptive Card inputs
/// (first with a required field left empty: the marked card comes back), and the receipt. Once per language; each
/// step leaves artifacts/screenshots/webchat-flow-&lt;lang&gt;-&lt;step&gt;.png.
/// </summary>
public sealed partial class WebChatFlowTests(ChromiumBrowser chromium, ITestOutputHelper output) : IClassFixture<ChromiumBrowser>
{
    /// <summary>What the customer sees and picks in one language (Content/strings, Content/guides).</summary>
    public sealed record FlowText(
        string Language,
        string? PickerButton,
        string Welcome,
        string Topic,
        string GuideStep,
        string Question,
        string No,
        string FormTitle,
        IReadOnlyList<(string Label, string Value)> TextFields,
        IReadOnlyList<(string Label, string Choice)> Choices,
        string MissingLabel,
        string MissingValue,
        string Required,
        string Submit,
        string ReceiptStart,
        Regex Receipt);

    private static readonly FlowText English = new(
        "en", null,
        Welcome: "Hi, I", // "Hi, I'm SupportBot": the card renders the apostrophe typographically
        Topic: "Check service health",
        GuideStep: "Open Service health",
        Question: "Did this solve it?",
        No: "No",
        FormTitle: "Service request to your partner",
        TextFields:
        [
            ("Title", "Outlook cannot connect"),
            ("Description", "Since 9:00 nobody in sales can open Outlook; the admin center shows no incident."),
            ("Contact name", "Li Wei"),
            ("Phone", "+86 138 0013 8000"),
            ("Organization", "Contoso"),
            ("Tenant domain", "contoso.partner.onmschina.cn"),
        ],
        Choices:
        [
            ("Area", "Service health and Message center"),
            ("Severity", "Moderate: significant loss or degradation of service; needs attention in business hours"),
            ("Preferred language", "English"),
        ],
        MissingLabel: "Email", MissingValue: "li.wei@contoso.cn",
        Required: "This field is required.",
        Submit: "Submit",
        ReceiptStart: "Request SR-",
        Receipt: EnglishReceipt());

    private static readonly FlowText Chinese = new(
        "zh-Hans", "中文",
        Welcome: "您好，我是 SupportBot",
        Topic: "查看服务运行状况",
        GuideStep: "打开“服务运行状况”",
        Question: "问题解决了吗？",
        No: "否",
        FormTitle: "向合作伙伴的支持服务台提交服务请求",
        TextFields:
        [
            ("标题", "Outlook 无法连接"),
            ("问题描述", "从 9 点起销售部门无法打开 Outlook，管理中心没有显示事件。"),
            ("联系人姓名", "李伟"),
            ("电话", "+86 138 0013 8000"),
            ("组织名称", "Contoso"),
            ("租户域名", "contoso.partner.onmschina.cn"),
        ],
        Choices:
        [
            ("问题类别", "服务运行状况和消息中心"),
            ("严重性", "中等：服务明显中断或性能下降，需要在工作时间内处理"),
            ("首选语言", "简体中文"),
        ],
        MissingLabel: "电子邮件", MissingValue: "li.wei@contoso.cn",
        Required: "此字段为必填项。",
        Submit: "提交",
        ReceiptStart: "已收到请求 SR-",
        Receipt: ChineseReceipt());

    public static TheoryData<string> Languages => new() { "en", "zh-Hans" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_customer_clicks_through_a_guide_and_files_a_service_request_after_fixing_a_missing_field(string language)
    {
        var text = language == "en" ? English : Chinese;
        var clock = Stopwatch.StartNew();
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        await using var page = await chromium.OpenAsync(host.BaseUrl);
        async Task Step(string name, ILocator card) => await page.ScreenshotAsync($"webchat-flow-{text.Language}-{name}", card);

        if (text.PickerButton is { } picker) await page.SwitchLanguageAsync(picker);
        await Step("1-welcome", await page.WaitForCardAsync(text.Welcome));

        await page.ClickCardButtonAsync(text.Welcome, text.Topic);
        await Step("2-guide", await page.WaitForCardAsync(text.GuideStep));
        await page.WaitForCardAsync(text.Question);

        await page.ClickCardButtonAsync(text.Question, text.No);
        var form = await page.WaitForCardAsync(text.FormTitle);
        await Step("3-form", form);

        foreach (var (label, value) in text.TextFields) await page.FillCardInputAsync(text.FormTitle, label, value);
        foreach (var (label, choice) in text.Choices) await page.ChooseCardOptionAsync(text.FormTitle, label, choice);
        await Step("4-filled-but-one", page.Card(text.FormTitle).GetByLabel(text.MissingLabel).First);
        await page.ClickCardButtonAsync(text.FormTitle, text.Submit);

        // The server's check sends the form back with the field marked and everything typed kept.
        var marked = await page.WaitForCardAsync(text.Required);
        Assert.Contains(text.FormTitle, await marked.InnerTextAsync());
        Assert.Equal(text.TextFields[0].Value, await page.CardInputValueAsync(text.Required, text.TextFields[0].Label));
        Assert.Equal("", await page.CardInputValueAsync(text.Required, text.MissingLabel));
        await Step("5-marked", marked.GetByText(text.Required).First);

        await page.FillCardInputAsync(text.Required, text.MissingLabel, text.MissingValue);
        await page.ClickCardButtonAsync(text.Required, text.Submit);

        var receipt = await page.WaitForCardAsync(text.ReceiptStart);
        Assert.Matches(text.Receipt, await receipt.InnerTextAsync());
        await Step("6-receipt", receipt);
        // Each fact's title on one line, none broken inside a word beside a long value ("Severit y").
        var titleHeights = await receipt.Locator(".ac-fact-title .ac-textBlock").EvaluateAllAsync<double[]>("titles => titles.map(t => t.getBoundingClientRect().height)");
        Assert.Single(titleHeights.Distinct());

        // What the page showed is what was filed: one request (the marked submit filed nothing), with the fields
        // typed and the guide tried. Web Chat's activities arrive on the directline channel.
        var store = host.Services.GetRequiredService<IRequestStore>();
        var request = Assert.Single(await store.ListByRequesterAsync(Channels.DirectLine, await page.UserIdAsync()));
        Assert.Equal(RequestId().Match(await receipt.InnerTextAsync()).Value, request.Id);
        Assert.Equal(text.TextFields[0].Value, request.Title);
        Assert.Equal(text.MissingValue, request.Form["email"]);
        Assert.Equal(("service-health", "notSolved"), (request.SelfHelp!.GuideId, request.SelfHelp.Answer));
        Assert.Empty(page.ConsoleErrors);
        output.WriteLine($"{language}: whole flow in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [GeneratedRegex(@"SR-\d{8}-\d{4}")]
    private static partial Regex RequestId();

    [GeneratedRegex(@"Request SR-\d{8}-\d{4} received")]
    private static partial Regex EnglishReceipt();

    [GeneratedRegex(@"已收到请求 SR-\d{8}-\d{4}")]
    private static partial Regex ChineseReceipt();
}
