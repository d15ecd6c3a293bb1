using SupportBot.Bot.Auth;

namespace SupportBot.Tests.Bot.Auth;

public sealed class BotCloudsTests
{
    [Fact]
    public void China_values_are_exactly_the_ones_PROTOCOL_section_9_lists()
    {
        var china = BotClouds.For(BotCloud.China);

        Assert.Equal("https://api.botframework.azure.cn/.default", china.OAuthScope);
        Assert.Equal("https://api.botframework.azure.cn", china.ChannelTokenIssuer);
        Assert.Equal("https://login.botframework.azure.cn/v1/.well-known/openidconfiguration", china.OpenIdMetadataUrl);
        Assert.Equal("https://login.partner.microsoftonline.cn", china.LoginHost);
        Assert.Equal("microsoftservices.partner.onmschina.cn", china.ChannelAuthTenant);
        Assert.Equal("https://api.botframework.azure.cn", china.OAuthResource);
        Assert.Contains("frontend.botapi.msg.infra.teams.microsoftonline.cn", china.ConnectorHosts);
        Assert.Contains("directline.botframework.azure.cn", china.ConnectorHosts);
        Assert.Empty(china.EmulatorTokenIssuers); // none confirmed (PROTOCOL.md §3.4)
    }

    [Fact]
    public void Public_and_USGov_do_not_share_China_values()
    {
        var publicCloud = BotClouds.For(BotCloud.Public);
        var gov = BotClouds.For(BotCloud.USGov);

        Assert.Equal("https://api.botframework.com/.default", publicCloud.OAuthScope);
        Assert.Equal("botframework.com", publicCloud.ChannelAuthTenant);
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", publicCloud.OpenIdMetadataUrl);
        Assert.Equal("https://api.botframework.us/.default", gov.OAuthScope);
        Assert.Equal("https://api.botframework.us", gov.ChannelTokenIssuer);
        Assert.Equal("https://login.microsoftonline.us", gov.LoginHost);
        Assert.Equal("MicrosoftServices.onmicrosoft.us", gov.ChannelAuthTenant);
        Assert.DoesNotContain("smba.trafficmanager.net", gov.ConnectorHosts);
        Assert.DoesNotContain("smba.trafficmanager.net", BotClouds.China.ConnectorHosts);
    }

    [Fact]
    public void Settings_override_the_cloud_and_add_hosts_and_issuers()
    {
        var resolved = BotClouds.Resolve(new BotAuthOptions
        {
            Cloud = BotCloud.China,
            OpenIdMetadataUrl = "http://127.0.0.1:1/meta",
            ChannelTokenIssuer = "http://127.0.0.1:1",
            LoginHost = "https://127.0.0.1:2/",
            EmulatorTokenIssuers = ["https://sts.chinacloudapi.cn/tid/"],
            TrustedServiceUrlHosts = ["bot.contoso.cn"],
        });

        Assert.Equal("http://127.0.0.1:1/meta", resolved.OpenIdMetadataUrl);
        Assert.Equal("http://127.0.0.1:1", resolved.ChannelTokenIssuer);
        Assert.Equal("https://127.0.0.1:2", resolved.LoginHost);
        Assert.Equal(["https://sts.chinacloudapi.cn/tid/"], resolved.EmulatorTokenIssuers);
        Assert.Contains("bot.contoso.cn", resolved.ConnectorHosts);
        Assert.Contains("directline.botframework.azure.cn", resolved.ConnectorHosts);
        Assert.Equal("https://api.botframework.azure.cn/.default", resolved.OAuthScope);
    }
}
