using System.Net;
using Microsoft.Playwright;
using SupportBot.Tests.Bot.DirectLine;

namespace SupportBot.Tests.WebChat;

/// <summary>
/// Issue 11 finding 9: the page carries a Content-Security-Policy that Web Chat runs under without violations,
/// nosniff, and may be framed only by itself and the ancestors a setting names (Teams tabs).
/// </summary>
public sealed class WebChatPageSecurityTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : "";

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    [Fact]
    public async Task The_page_has_a_policy_nosniff_and_cannot_be_framed_by_another_site()
    {
        await using var host = await DirectLineHost.StartAsync();

        var page = await host.Http.GetAsync("");
        var script = await host.Http.GetAsync("chat.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = Directives(Header(page, "Content-Security-Policy"));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Contains("'self'", policy["connect-src"]);
        Assert.Equal("SAMEORIGIN", Header(page, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(page, "X-Content-Type-Options"));
        Assert.Equal("nosniff", Header(script, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Configured_ancestors_such_as_Teams_may_frame_the_page()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["SecurityHeaders:FrameAncestors:0"] = "https://teams.microsoft.com",
            ["SecurityHeaders:FrameAncestors:1"] = "https://*.teams.microsoft.cn",
        });

        var page = await host.Http.GetAsync("");

        var policy = Directives(Header(page, "Content-Security-Policy"));
        Assert.Equal("'self' https://teams.microsoft.com https://*.teams.microsoft.cn", policy["frame-ancestors"]);
        // X-Frame-Options cannot name other sites; with ancestors configured only frame-ancestors decides.
        Assert.Equal("", Header(page, "X-Frame-Options"));
    }

    [Fact]
    public async Task With_Azure_Direct_Line_the_policy_lets_the_page_reach_its_domain()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = "azure-secret",
        });

        var policy = Directives(Header(await host.Http.GetAsync(""), "Content-Security-Policy"));

        Assert.Contains("https://directline.botframework.azure.cn", policy["connect-src"]);
        Assert.Contains("wss://directline.botframework.azure.cn", policy["connect-src"]);
    }

    [Fact]
    public async Task Web_Chat_runs_under_the_policy_without_a_violation()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();
        // Recorded from the first script on, before Web Chat loads.
        await page.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', e =>
              window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
            """);
        var console = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") console.Add(message.Text); };
        var driver = new WebChatPageDriver(context, page);

        var response = await page.GotoAsync(host.BaseUrl);
        await driver.WaitUntilReadyAsync();
        await driver.WaitForBotMessageAsync("Hi, I");
        await driver.SendAsync("billing");
        await driver.WaitForCardAsync("Billing and invoices");
        await driver.SendAsync("talk to a person");
        await driver.WaitForBotMessageAsync("asked a person");

        Assert.NotNull(await response!.HeaderValueAsync("content-security-policy"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        Assert.Empty(console);
        await driver.DisposeAsync();
    }
}
