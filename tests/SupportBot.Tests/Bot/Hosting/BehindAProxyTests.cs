using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Hosting;

/// <summary>
/// The app on real Kestrel (127.0.0.1) reached as through App Service's front end or a reverse proxy: X-Forwarded-*
/// believed only from known proxies, AllowedHosts applied to direct and forwarded hosts, and the embedded Direct
/// Line's domain and streamUrl built from Hosting:PublicBaseUrl when it is set.
/// </summary>
public sealed class BehindAProxyTests
{
    private static readonly Dictionary<string, string> FrontEnd = new()
    {
        ["X-Forwarded-Proto"] = "https",
        ["X-Forwarded-Host"] = "supportbot.contoso.cn",
        ["X-Forwarded-For"] = "203.0.113.7",
    };

    [Fact]
    public async Task From_a_trusted_proxy_the_page_gets_urls_of_the_public_host_and_scheme()
    {
        await using var app = new BotAppFactory(); // nothing listed: loopback is the known proxy
        var client = Client(app.StartOnLoopback());

        var token = await TokenAsync(client, FrontEnd);
        Assert.Equal("https://supportbot.contoso.cn/v3/directline", token.GetProperty("domain").GetString());
        var streamUrl = await StreamUrlAsync(client, token, FrontEnd);
        Assert.StartsWith("wss://supportbot.contoso.cn/v3/directline/conversations/", streamUrl);
        // The browser's Origin is the public one; the page is recognised as the bot's own.
        var fromPage = await PostTokenAsync(client, new(FrontEnd) { ["Origin"] = "https://supportbot.contoso.cn" });
        Assert.Equal(HttpStatusCode.OK, fromPage.StatusCode);
    }

    [Fact]
    public async Task The_client_address_behind_a_trusted_proxy_is_the_forwarded_one()
    {
        await using var app = new BotAppFactory(OneNewConversationPerAddress());
        var client = Client(app.StartOnLoopback());

        // Each visitor has a budget of its own (the rate limits key on the address): the second visitor is not refused.
        Assert.Equal(HttpStatusCode.OK, (await PostTokenAsync(client, new(FrontEnd) { ["X-Forwarded-For"] = "203.0.113.7" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostTokenAsync(client, new(FrontEnd) { ["X-Forwarded-For"] = "203.0.113.8" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostTokenAsync(client, new(FrontEnd) { ["X-Forwarded-For"] = "203.0.113.7" })).StatusCode);
    }

    [Fact]
    public async Task From_a_peer_that_is_not_a_known_proxy_forwarded_headers_are_ignored()
    {
        await using var app = new BotAppFactory(new Dictionary<string, string?>(OneNewConversationPerAddress())
        {
            ["Hosting:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8", // the proxy's network; this test connects from 127.0.0.1
        });
        var baseUrl = app.StartOnLoopback();
        var client = Client(baseUrl);

        var token = await TokenAsync(client, FrontEnd);
        Assert.Equal($"http://{baseUrl.Authority}/v3/directline", token.GetProperty("domain").GetString());
        Assert.StartsWith($"ws://{baseUrl.Authority}/v3/directline/", await StreamUrlAsync(client, token, FrontEnd));
        // Claiming another address gains nothing: it is all 127.0.0.1.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostTokenAsync(client, new(FrontEnd) { ["X-Forwarded-For"] = "203.0.113.9" })).StatusCode);
    }

    [Fact]
    public async Task With_a_public_base_url_the_urls_handed_out_never_come_from_the_host_header()
    {
        await using var app = new BotAppFactory(new Dictionary<string, string?> { ["Hosting:PublicBaseUrl"] = "https://bot.contoso.cn/support/" });
        var client = Client(app.StartOnLoopback());
        var spoofed = new Dictionary<string, string> { ["Host"] = "evil.example", ["X-Forwarded-Host"] = "evil2.example", ["X-Forwarded-Proto"] = "http" };

        var token = await TokenAsync(client, spoofed);
        Assert.Equal("https://bot.contoso.cn/support/v3/directline", token.GetProperty("domain").GetString());
        Assert.StartsWith("wss://bot.contoso.cn/support/v3/directline/conversations/", await StreamUrlAsync(client, token, spoofed));
        Assert.Equal(HttpStatusCode.OK, (await PostTokenAsync(client, new() { ["Origin"] = "https://bot.contoso.cn" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostTokenAsync(client, new() { ["Origin"] = "https://evil.example" })).StatusCode);
    }

    [Fact]
    public async Task AllowedHosts_refuses_other_hosts_whether_sent_directly_or_forwarded()
    {
        await using var app = new BotAppFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "supportbot.contoso.cn" });
        var client = Client(app.StartOnLoopback());

        Assert.Equal(HttpStatusCode.BadRequest, (await PostTokenAsync(client, new() { ["Host"] = "evil.example" })).StatusCode);
        var token = await TokenAsync(client, new() { ["Host"] = "supportbot.contoso.cn", ["X-Forwarded-Host"] = "evil.example" });
        Assert.Equal("http://supportbot.contoso.cn/v3/directline", token.GetProperty("domain").GetString());
    }

    [Fact]
    public async Task The_private_ranges_recommended_for_App_Service_are_accepted_in_both_address_forms()
    {
        string[] networks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::ffff:10.0.0.0/104", "::ffff:172.16.0.0/108", "::ffff:192.168.0.0/112"];
        await using var app = new BotAppFactory(networks.Select((network, i) => (i, network))
            .ToDictionary(entry => $"Hosting:ForwardedHeaders:KnownNetworks:{entry.i}", entry => (string?)entry.network));

        using var response = await app.CreateClient().GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Hosting:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99", "Hosting:ForwardedHeaders:KnownNetworks: '10.0.0.0/99'")]
    [InlineData("Hosting:ForwardedHeaders:KnownProxies:0", "proxy.local", "Hosting:ForwardedHeaders:KnownProxies: 'proxy.local'")]
    [InlineData("Hosting:ForwardedHeaders:ForwardLimit", "0", "ForwardLimit must be at least 1")]
    [InlineData("Hosting:PublicBaseUrl", "bot.contoso.cn", "Hosting:PublicBaseUrl 'bot.contoso.cn'")]
    [InlineData("Hosting:PublicBaseUrl", "https://bot.contoso.cn/?x=1", "without query")]
    public async Task A_wrong_hosting_setting_stops_the_start_and_names_the_setting(string key, string value, string expected)
    {
        await using var app = new BotAppFactory(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains(expected, failure.Message);
    }

    private static Dictionary<string, string?> OneNewConversationPerAddress() => new()
    {
        ["DirectLine:Embedded:RateLimits:NewConversationsPerAddressBurst"] = "1",
        ["DirectLine:Embedded:RateLimits:NewConversationsPerAddressPerMinute"] = "1",
    };

    private static HttpClient Client(Uri baseUrl) => new() { BaseAddress = baseUrl };

    private static async Task<HttpResponseMessage> PostTokenAsync(HttpClient client, Dictionary<string, string> headers) =>
        await client.SendAsync(With(new HttpRequestMessage(HttpMethod.Post, "/api/directline/token"), headers));

    private static async Task<JsonElement> TokenAsync(HttpClient client, Dictionary<string, string> headers)
    {
        using var response = await PostTokenAsync(client, headers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> StreamUrlAsync(HttpClient client, JsonElement token, Dictionary<string, string> headers)
    {
        var request = With(new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations"), headers);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"conversations answered {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streamUrl").GetString()!;
    }

    private static HttpRequestMessage With(HttpRequestMessage request, Dictionary<string, string> headers)
    {
        foreach (var (name, value) in headers)
        {
            if (name == "Host") request.Headers.Host = value;
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }
}
