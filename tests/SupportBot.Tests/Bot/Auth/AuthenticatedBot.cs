using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Auth;

/// <summary>
/// The real app with authentication on, pointed at a local <see cref="TokenIssuer"/> for inbound keys and for its
/// outbound Entra token, replying to a <see cref="FakeConnector"/>.
/// </summary>
public sealed class AuthenticatedBot : IAsyncDisposable
{
    public const string AppTenantId = "5f0c3a1e-0000-4000-8000-00000000c0de";
    public const string AppPassword = "test-secret";
    public const string EmulatorIssuer = "https://sts.chinacloudapi.cn/a55a4d5b-9241-49b1-b4ff-befa8db00269/";

    private readonly BotAppFactory _factory;
    private bool _stopped;

    private AuthenticatedBot(TokenIssuer issuer, FakeConnector connector, BotAppFactory factory, WebApplicationFactory<Program> app)
    {
        Issuer = issuer;
        Connector = connector;
        _factory = factory;
        App = app;
        Client = app.CreateClient();
    }

    public TokenIssuer Issuer { get; }
    public FakeConnector Connector { get; }
    public WebApplicationFactory<Program> App { get; }
    public HttpClient Client { get; }
    public string DatabasePath => _factory.DatabasePath;

    public static async Task<AuthenticatedBot> StartAsync(IDictionary<string, string?>? settings = null, TokenIssuer? issuer = null,
        FakeConnector? connector = null, string? databasePath = null, Action<IServiceCollection>? services = null)
    {
        issuer ??= await TokenIssuer.StartAsync();
        connector ??= await FakeConnector.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Bot:Cloud"] = "China",
            ["Bot:MicrosoftAppId"] = Activities.BotAppId,
            ["Bot:MicrosoftAppType"] = "SingleTenant",
            ["Bot:MicrosoftAppTenantId"] = AppTenantId,
            ["Bot:MicrosoftAppPassword"] = AppPassword,
            ["Bot:OpenIdMetadataUrl"] = issuer.ChannelMetadataUrl,
            ["Bot:ChannelTokenIssuer"] = issuer.ChannelIssuer,
            ["Bot:EmulatorOpenIdMetadataUrl"] = issuer.EmulatorMetadataUrl,
            ["Bot:EmulatorTokenIssuers:0"] = EmulatorIssuer,
            ["Bot:LoginHost"] = issuer.LoginHost,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var factory = new BotAppFactory(all, databasePath);
        var app = factory.WithWebHostBuilder(web => web.ConfigureTestServices(s =>
        {
            // MSAL only talks https; trust exactly the issuer's self-made certificate, nothing else.
            s.AddHttpClient(MsalAppTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == issuer.Certificate.Thumbprint,
            });
            services?.Invoke(s);
        }));
        return new AuthenticatedBot(issuer, connector, factory, app);
    }

    public string ValidToken(Activity activity) => Issuer.CreateToken(Issuer.ChannelClaims(Activities.BotAppId, activity.ServiceUrl!));

    public Task<HttpResponseMessage> PostAsync(Activity activity, string? token) =>
        PostRawAsync(activity, token is null ? null : new AuthenticationHeaderValue("Bearer", token));

    public Task<HttpResponseMessage> PostRawAsync(Activity activity, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity, options: ProtocolJson.Options) };
        request.Headers.Authorization = authorization;
        return Client.SendAsync(request);
    }

    /// <summary>Stops the app but leaves the issuer and connector running (a restart test starts a new app on them).</summary>
    public async Task StopAppAsync()
    {
        if (_stopped) return;
        _stopped = true;
        Client.Dispose();
        await App.DisposeAsync();
        await _factory.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
