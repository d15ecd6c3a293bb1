using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Tests.Bot.Auth;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Connector;

/// <summary>Where the bot's token may go (PROTOCOL.md §3.2), through the app's own "connector" HttpClient.</summary>
public sealed class ConnectorTokenTests
{
    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };

    private static IConnectorClient Connector(IServiceProvider services, string serviceUrl) =>
        services.GetRequiredService<IConnectorClientFactory>().Create(serviceUrl);

    [Fact]
    public async Task The_token_never_goes_to_a_serviceUrl_no_authenticated_activity_brought()
    {
        await using var bot = await AuthenticatedBot.StartAsync();
        await using var stranger = await FakeConnector.StartAsync();
        var message = Activities.TeamsPersonalMessage("hello", bot.Connector.ServiceUrl);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(message, bot.ValidToken(message))).StatusCode);

        var refused = await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            Connector(bot.App.Services, stranger.ServiceUrl).SendToConversationAsync("conv", Message("secret")));

        Assert.Equal(new Uri(stranger.ServiceUrl).Port, refused.RequestUri.Port);
        Assert.Empty(stranger.Calls);
    }

    [Fact]
    public async Task A_rejected_activity_does_not_make_its_serviceUrl_trusted()
    {
        await using var bot = await AuthenticatedBot.StartAsync();
        await using var stranger = await FakeConnector.StartAsync();
        var message = Activities.TeamsPersonalMessage("hello", stranger.ServiceUrl);
        var claims = bot.Issuer.ChannelClaims(Activities.BotAppId, stranger.ServiceUrl);
        claims["aud"] = "someone-else";
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(message, bot.Issuer.CreateToken(claims))).StatusCode);

        await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            Connector(bot.App.Services, stranger.ServiceUrl).SendToConversationAsync("conv", Message("secret")));
        Assert.Empty(stranger.Calls);
    }

    [Fact]
    public async Task A_serviceUrl_learnt_before_a_restart_still_gets_the_token_for_proactive_messages()
    {
        var issuer = await TokenIssuer.StartAsync();
        var connector = await FakeConnector.StartAsync();
        var first = await AuthenticatedBot.StartAsync(issuer: issuer, connector: connector);
        var message = Activities.TeamsPersonalMessage("hello", connector.ServiceUrl);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync(message, first.ValidToken(message))).StatusCode);
        await connector.WaitForMessagesAsync(1);
        await first.StopAppAsync();
        connector.Clear();

        await using var restarted = await AuthenticatedBot.StartAsync(issuer: issuer, connector: connector, databasePath: first.DatabasePath);
        await Connector(restarted.App.Services, connector.ServiceUrl).SendToConversationAsync(message.Conversation!.Id!, Message("proactive"));

        var call = Assert.Single(connector.Calls);
        Assert.StartsWith("Bearer entra-access-token-", call.Authorization);
    }

    [Fact]
    public async Task A_configured_host_is_trusted_without_an_inbound_activity()
    {
        await using var bot = await AuthenticatedBot.StartAsync(new Dictionary<string, string?> { ["Bot:TrustedServiceUrlHosts:0"] = "127.0.0.1" });

        await Connector(bot.App.Services, bot.Connector.ServiceUrl).SendToConversationAsync("conv", Message("proactive"));

        Assert.Equal($"Bearer {TokenIssuer.IssuedAccessToken(1)}", Assert.Single(bot.Connector.Calls).Authorization);
    }

    [Fact]
    public async Task A_redirect_from_a_trusted_connector_is_not_followed()
    {
        await using var stranger = await FakeConnector.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var redirector = builder.Build();
        redirector.Run(http =>
        {
            http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            http.Response.Headers.Location = stranger.ServiceUrl.TrimEnd('/') + http.Request.Path;
            return Task.CompletedTask;
        });
        await redirector.StartAsync();
        var trustedUrl = redirector.Urls.First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/";
        await using var bot = await AuthenticatedBot.StartAsync(new Dictionary<string, string?> { ["Bot:TrustedServiceUrlHosts:0"] = "localhost" });

        var error = await Assert.ThrowsAsync<ConnectorException>(() => Connector(bot.App.Services, trustedUrl).SendToConversationAsync("conv", Message("secret")));

        Assert.Equal(307, error.StatusCode);
        Assert.Empty(stranger.Calls);
    }

    [Fact]
    public async Task Multi_tenant_bots_get_their_token_from_the_clouds_channel_auth_tenant()
    {
        await using var bot = await AuthenticatedBot.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppType"] = "MultiTenant",
            ["Bot:MicrosoftAppTenantId"] = "",
        });
        var message = Activities.TeamsPersonalMessage("hello", bot.Connector.ServiceUrl);

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(message, bot.ValidToken(message))).StatusCode);
        await bot.Connector.WaitForMessagesAsync(1);

        Assert.Equal("microsoftservices.partner.onmschina.cn", Assert.Single(bot.Issuer.TokenRequests).Tenant); // PROTOCOL.md §9 item 1
    }

    [Fact]
    public async Task Without_an_app_id_no_token_is_sent_at_all()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var app = new BotAppFactory();

        await Connector(app.Services, connector.ServiceUrl).SendToConversationAsync("conv", Message("local"));

        Assert.Null(Assert.Single(connector.Calls).Authorization);
    }

    [Fact]
    public async Task Retries_happen_inside_the_app_and_deliver_the_reply_once()
    {
        var clock = new RecordingClock();
        await using var bot = await AuthenticatedBot.StartAsync(services: s =>
            s.AddKeyedSingleton<TimeProvider>(ConnectorRetryHandler.ClockKey, clock));
        bot.Connector.FailNext(503, 2);
        var message = Activities.TeamsPersonalMessage("hello", bot.Connector.ServiceUrl);

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(message, bot.ValidToken(message))).StatusCode);

        Assert.Single(await bot.Connector.WaitForMessagesAsync(1));
        Assert.Equal(2, clock.Waits.Count);
    }
}
