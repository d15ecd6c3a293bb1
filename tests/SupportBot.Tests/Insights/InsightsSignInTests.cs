using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Insights;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Insights;

/// <summary>
/// The production way in: Microsoft Entra ID sign-in (OpenID Connect, Microsoft.Identity.Web) against a fake
/// authority on 127.0.0.1 that publishes its metadata and keys; the test plays the browser and the authority's
/// sign-in page (it signs the ID token the authority would post back).
/// </summary>
public sealed class InsightsSignInTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string ClientId = "insights-client-id";
    private const string AllowedUser = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string VianetGroup = "bbbbbbbb-0000-0000-0000-000000000002";
    private readonly IssuerKey _key = new("entra-key-1");
    private WebApplication _authority = null!;
    private string _authorityUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _authority = builder.Build();
        _authority.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new
        {
            issuer = $"{_authorityUrl}/{(tenant == "common" ? "{tenantid}" : tenant)}/v2.0",
            authorization_endpoint = $"{_authorityUrl}/{tenant}/oauth2/v2.0/authorize",
            token_endpoint = $"{_authorityUrl}/{tenant}/oauth2/v2.0/token",
            end_session_endpoint = $"{_authorityUrl}/{tenant}/oauth2/v2.0/logout",
            jwks_uri = $"{_authorityUrl}/{tenant}/discovery/v2.0/keys",
            response_types_supported = new[] { "code", "id_token" },
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        _authority.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(new { keys = new[] { _key.ToJwk() } }));
        await _authority.StartAsync();
        _authorityUrl = _authority.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        await _authority.DisposeAsync();
        _key.Dispose();
    }

    private BotAppFactory Bot() => new(new Dictionary<string, string?>
    {
        ["Insights:Access:Instance"] = _authorityUrl,
        ["Insights:Access:Entra:TenantId"] = Tenant,
        ["Insights:Access:Entra:ClientId"] = ClientId,
        ["Insights:Access:PartnerHelpdesk:Users:0"] = AllowedUser,
        ["Insights:Access:VianetDesk:Groups:0"] = VianetGroup,
    });

    private static Uri Start(BotAppFactory bot)
    {
        bot.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        bot.StartServer();
        return new Uri(bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    [Fact]
    public async Task A_stranger_is_sent_to_sign_in_for_the_page_and_gets_401_from_the_API()
    {
        await using var bot = Bot();
        using var browser = new Browser(Start(bot));

        var page = await browser.GetAsync("insights?lang=ja");
        Assert.True(page.StatusCode == HttpStatusCode.Redirect, string.Join("\n", bot.Log.AtLeast(LogLevel.Warning)));
        var location = page.Headers.Location!.ToString();
        Assert.StartsWith($"{_authorityUrl}/{Tenant}/oauth2/v2.0/authorize?", location);
        Assert.Contains($"client_id={ClientId}", location);
        Assert.Contains(Uri.EscapeDataString(new Uri(browser.Base, InsightsAccess.CallbackPath).ToString()), location);
        Assert.DoesNotContain("SR-", await page.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("insights/api/requests.json")).StatusCode);
    }

    [Fact]
    public void The_login_host_follows_the_bots_cloud()
    {
        foreach (var (cloud, host) in new[] { ("China", "https://login.partner.microsoftonline.cn/"), ("Public", "https://login.microsoftonline.com/") })
        {
            using var bot = new BotAppFactory(new Dictionary<string, string?>
            {
                ["Bot:Cloud"] = cloud,
                ["Insights:Access:Entra:TenantId"] = Tenant,
                ["Insights:Access:Entra:ClientId"] = ClientId,
            });
            var options = bot.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(InsightsAccess.SignInScheme);
            Assert.Equal($"{host}{Tenant}/v2.0", options.Authority);
        }
    }

    /// <summary>An HTTP client that keeps cookies by hand: the sign-in's correlation cookies are Secure, which a
    /// cookie container would not send back over the test's plain http.</summary>
    private sealed class Browser(Uri baseAddress) : IDisposable
    {
        private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public Uri Base => baseAddress;
        public IEnumerable<string> Cookies => _cookies.Keys;

        public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> form) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) });

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(pair => $"{pair.Key}={pair.Value}")));
            var response = await _http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0];
                var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(name);
                else _cookies[name] = value;
            }
            return response;
        }

        public void Dispose() => _http.Dispose();
    }
}
