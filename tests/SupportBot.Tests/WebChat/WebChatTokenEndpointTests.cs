using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Bot.Auth;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Schema;
using SupportBot.Tests.Bot.DirectLine;

namespace SupportBot.Tests.WebChat;

/// <summary>POST /api/directline/token: embedded token without a secret, Azure's token (exchanged server-side) with one.</summary>
public sealed class WebChatTokenEndpointTests
{
    [Fact]
    public async Task Without_a_secret_the_page_gets_an_embedded_token_that_opens_a_conversation()
    {
        await using var host = await DirectLineHost.StartAsync();

        var response = await host.Http.PostAsJsonAsync("api/directline/token", new { user = new { id = "dl_page-user" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grant = (await response.Content.ReadFromJsonAsync<WebChatTokenResponse>(ProtocolJson.Options))!;
        Assert.Equal("embedded", grant.Mode);
        Assert.Equal(host.ServiceUrl, grant.Domain);
        Assert.StartsWith("dl_", grant.UserId);
        Assert.NotEqual("dl_page-user", grant.UserId); // the server picks a visitor's id, never the browser
        var started = await host.SendAsync(HttpMethod.Post, "v3/directline/conversations", grant.Token, new { locale = "ja-JP" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
    }

    [Fact]
    public async Task A_user_id_that_is_not_a_dl_id_is_replaced()
    {
        await using var host = await DirectLineHost.StartAsync();

        var response = await host.Http.PostAsJsonAsync("api/directline/token", new { user = new { id = "admin<script>" } });

        var grant = (await response.Content.ReadFromJsonAsync<WebChatTokenResponse>(ProtocolJson.Options))!;
        Assert.StartsWith("dl_", grant.UserId);
        Assert.NotEqual("admin<script>", grant.UserId);
    }

    [Fact]
    public async Task Another_origin_gets_403()
    {
        await using var host = await DirectLineHost.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        client.DefaultRequestHeaders.Add("Origin", "https://phishing.example");

        var response = await client.PostAsync("api/directline/token", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_trusted_origin_may_call_cross_origin_and_others_get_no_CORS_grant()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Embedded:TrustedOrigins:0"] = "https://partner.contoso.cn",
        });

        async Task<HttpResponseMessage> PreflightAsync(string origin, string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, path);
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");
            using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
            return await client.SendAsync(request);
        }

        var trusted = await PreflightAsync("https://partner.contoso.cn", "v3/directline/conversations");
        var trustedToken = await PreflightAsync("https://partner.contoso.cn", "api/directline/token");
        var stranger = await PreflightAsync("https://phishing.example", "v3/directline/conversations");

        Assert.Equal("https://partner.contoso.cn", trusted.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-ms-bot-agent", trusted.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.True(trustedToken.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task With_a_secret_the_token_comes_from_Azure_and_the_secret_stays_on_the_server()
    {
        await using var azure = await FakeAzureDirectLine.StartAsync();
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = FakeAzureDirectLine.Secret,
            ["DirectLine:Domain"] = azure.Domain,
        });

        var response = await host.Http.PostAsJsonAsync("api/directline/token", new { user = new { id = "dl_page-user" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(FakeAzureDirectLine.Secret, body);
        var grant = JsonSerializer.Deserialize<WebChatTokenResponse>(body, ProtocolJson.Options)!;
        Assert.Equal(("azure", "azure-conversation-token", "AzureConv-cn", azure.Domain), (grant.Mode, grant.Token, grant.ConversationId, grant.Domain));
        var call = Assert.Single(azure.Calls);
        Assert.Equal($"Bearer {FakeAzureDirectLine.Secret}", call.Authorization);
        Assert.Equal(grant.UserId, JsonDocument.Parse(call.Body).RootElement.GetProperty("user").GetProperty("id").GetString());
        Assert.NotEqual("dl_page-user", grant.UserId);
        // With Azure configured the embedded endpoint is off unless asked for.
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PostAsync("v3/directline/tokens/generate", null)).StatusCode);
    }

    [Fact]
    public async Task When_Azure_refuses_the_page_gets_502_not_a_500()
    {
        await using var azure = await FakeAzureDirectLine.StartAsync();
        azure.FailWith = 403;
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = FakeAzureDirectLine.Secret,
            ["DirectLine:Domain"] = azure.Domain,
        });

        var response = await host.Http.PostAsync("api/directline/token", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("DirectLineUnavailable", (await response.Content.ReadFromJsonAsync<ErrorResponse>(ProtocolJson.Options))!.Error!.Code);
    }

    [Theory]
    [InlineData(BotCloud.China, "https://directline.botframework.azure.cn/v3/directline")]
    [InlineData(BotCloud.Public, "https://directline.botframework.com/v3/directline")]
    [InlineData(BotCloud.USGov, "https://directline.botframework.azure.us/v3/directline")]
    public void Azure_domain_follows_the_cloud(BotCloud cloud, string domain) =>
        Assert.Equal(domain, WebChatTokenEndpoint.AzureDomain(cloud));
}
