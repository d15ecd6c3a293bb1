using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Insights;
using SupportBot.Tests.TestKit;
using SupportBot.Tests.WebChat;

namespace SupportBot.Tests.Insights;

/// <summary>
/// /insights end to end: requests filed through the real flows (web chat customer over /api/messages, on Kestrel at
/// 127.0.0.1) appear on the page in Chromium, in each language, for a loopback caller in Development; and nobody
/// else gets data.
/// </summary>
public sealed class InsightsPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private static WebApplicationFactory<Program> Development(BotAppFactory root) => root.WithWebHostBuilder(builder => builder.UseEnvironment("Development"));

    private static Uri OnLoopback(WebApplicationFactory<Program> factory)
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        return new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    [Fact]
    public async Task Requests_filed_through_the_flows_show_on_the_page_in_each_language_for_a_loopback_caller_in_Development()
    {
        await using var root = new BotAppFactory(new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" });
        await using var bot = Development(root);
        var address = OnLoopback(bot);
        using var http = new HttpClient { BaseAddress = address };

        // Two customers: one files a request after a guide did not solve it, one says the guide solved it and rates it.
        var filer = new HttpConversation(http, _connector, Activities.WebChatMessage("", _connector.ServiceUrl, userId: "dl_insights-1", conversationId: "insights-1"));
        var welcome = Assert.Single(await filer.JoinAsync());
        var guide = await filer.ClickAsync(welcome, "Check service health");
        var form = await filer.ClickAsync(HttpConversation.Only(guide, "Did this solve it?"), "No");
        var receipt = await filer.SendAsync(ReplyReading.Submit(HttpConversation.FormSubmit(form), SampleForms.ServiceRequest()));
        Assert.Contains(receipt, reply => reply.Visible().Contains("SR-"));
        var solver = new HttpConversation(http, _connector, Activities.WebChatMessage("", _connector.ServiceUrl, userId: "dl_insights-2", conversationId: "insights-2", locale: "ja-JP"));
        Assert.Single(await solver.JoinAsync());
        var guideJa = await solver.SendAsync(ReplyReading.Submit(System.Text.Json.JsonSerializer.SerializeToElement(new { topic = "guide", value = "service-health" })));
        var card = guideJa.First(reply => reply.CardJson().Contains("feedbackComment"));
        await solver.SendAsync(ReplyReading.Submit(card.Button("👍 役に立った"), new Dictionary<string, string> { ["feedbackComment"] = "=HYPERLINK(\"x\")" }));
        await solver.ClickAsync(HttpConversation.Only(guideJa, "これで解決しましたか"), "はい");
        await bot.Services.GetRequiredService<InsightsRecorder>().FlushAsync();

        var requests = await http.GetStringAsync("insights/api/requests.json");
        Assert.Contains("ServiceRequest", requests);
        var csv = await http.GetStringAsync("insights/api/comments.csv");
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", csv);

        foreach (var (language, title, requestKind) in new[] { ("en", "Insights", "Service request"), ("zh-Hans", "洞察", "服务请求"), ("ja", "インサイト", "サービス リクエスト") })
            foreach (var (name, width, height) in new[] { ("desktop", 1280, 900), ("phone", 390, 844) })
            {
                var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
                var page = await context.NewPageAsync();
                var errors = new List<string>();
                page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
                await page.GotoAsync(new Uri(address, $"insights?lang={language}").ToString());
                await page.WaitForSelectorAsync("body[data-loaded=true]");
                Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
                Assert.Equal(title, await page.TextContentAsync("h1"));
                Assert.Contains(requestKind, await page.TextContentAsync("[data-table=requests]"));
                Assert.Contains("service-health", await page.TextContentAsync("[data-table=guides]"));
                Assert.Equal(1, await page.Locator("#section-requests canvas").CountAsync() > 0 ? 1 : 0);
                Assert.Empty(errors);
                var path = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots", $"insights-{language}-{name}.png");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = name == "desktop" });
                await context.CloseAsync();
            }
    }

    [Fact]
    public async Task A_stranger_gets_no_data_without_sign_in()
    {
        await using var bot = new BotAppFactory(); // not Development
        var address = OnLoopback(bot);
        using var http = new HttpClient { BaseAddress = address };

        foreach (var path in new[] { "insights", "insights/api/requests.json", "insights/api/breaches.csv", "insights/api/unrecognized.json?language=ja" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_caller_that_is_not_on_loopback_gets_no_data_in_Development_either()
    {
        await using var bot = Development(new BotAppFactory());
        var response = await bot.Server.SendAsync(context =>
        {
            context.Request.Path = "/insights/api/requests.json";
            context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });
        Assert.Equal(401, response.Response.StatusCode);
        var loopback = await bot.Server.SendAsync(context =>
        {
            context.Request.Path = "/insights/api/requests.json";
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        Assert.Equal(200, loopback.Response.StatusCode);
    }

    [Fact]
    public async Task Bad_query_values_are_a_bad_request_and_unknown_reports_not_found()
    {
        await using var bot = Development(new BotAppFactory());
        foreach (var (query, status) in new[] { ("requests.json?from=2026-13-01", 400), ("requests.json?from=2026-12-05&to=2026-12-01", 400), ("requests.json?queue=Nope", 400),
                     ("requests.json?from=2020-01-01&to=2026-01-01", 400), ("nothing.json", 404), ("requests.xml", 404), ("requests.csv?queue=VianetDesk", 200) })
        {
            var response = await bot.Server.SendAsync(context =>
            {
                var (path, search) = query.Contains('?') ? (query[..query.IndexOf('?')], query[query.IndexOf('?')..]) : (query, "");
                context.Request.Path = "/insights/api/" + path;
                context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(search);
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
            });
            Assert.True(status == response.Response.StatusCode, $"{query}: {response.Response.StatusCode}");
        }
    }
}

public sealed class InsightsTableTests
{
    [Fact]
    public void Csv_quotes_what_needs_it_and_defuses_formulas()
    {
        var table = new InsightsTable(["text", "count", "rate"], [
            ["a,b", 3, 0.5], ["say \"hi\"", 1, null], ["=1+2", -1, 1.0], ["+cmd", 0, 0.25], ["-x", 0, 0.0], ["@sum", 0, 0.0], ["line\nbreak", 2, 0.125], ["中文", 0, 0.0]]);

        Assert.Equal(
            "text,count,rate\r\n\"a,b\",3,0.5\r\n\"say \"\"hi\"\"\",1,\r\n'=1+2,-1,1\r\n'+cmd,0,0.25\r\n'-x,0,0\r\n'@sum,0,0\r\n\"line\nbreak\",2,0.125\r\n中文,0,0\r\n",
            table.ToCsv());
    }

    [Fact]
    public void Service_targets_need_every_severity_positive_and_resolution_after_first_action()
    {
        Assert.Empty(ServiceTargets.Problems(InsightsStoreContractTests.Targets));
        var bad = InsightsStoreContractTests.Targets;
        bad.Targets.Remove("minimal");
        bad.Targets["critical"].Resolution = TimeSpan.FromMinutes(1);
        bad.Targets["urgent"] = new SeverityTarget { FirstAction = TimeSpan.FromHours(1), Resolution = TimeSpan.FromHours(2) };
        Assert.Equal(3, ServiceTargets.Problems(bad).Count());
    }

    [Fact]
    public async Task The_bot_does_not_start_with_a_target_missing()
    {
        await using var bot = new BotAppFactory(new Dictionary<string, string?> { ["Insights:Targets:critical:FirstAction"] = "-00:10:00" });
        var error = Assert.ThrowsAny<Exception>(() => bot.CreateClient());
        Assert.Contains("Insights:Targets:critical:FirstAction", error.ToString());
    }
}
