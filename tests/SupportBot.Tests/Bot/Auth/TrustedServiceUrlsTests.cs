using Microsoft.Extensions.Options;
using SupportBot.Bot.Auth;
using SupportBot.Bot.State;

namespace SupportBot.Tests.Bot.Auth;

public sealed class TrustedServiceUrlsTests
{
    private readonly MemoryStorage _storage = new();

    private TrustedServiceUrls Trust(BotCloud cloud, params string[] extraHosts) =>
        new(_storage, Options.Create(new BotAuthOptions { Cloud = cloud, MicrosoftAppId = "app", TrustedServiceUrlHosts = [.. extraHosts] }));

    [Theory]
    [InlineData(BotCloud.China, "https://frontend.botapi.msg.infra.teams.microsoftonline.cn/v3/conversations/x/activities", true)]
    [InlineData(BotCloud.China, "https://directline.botframework.azure.cn/v3/conversations/x/activities", true)]
    [InlineData(BotCloud.China, "https://smba.trafficmanager.net/amer/v3/conversations/x/activities", false)] // another cloud's host
    [InlineData(BotCloud.Public, "https://smba.trafficmanager.net/amer/v3/conversations/x/activities", true)]
    [InlineData(BotCloud.Public, "http://smba.trafficmanager.net/amer/v3/conversations/x/activities", false)] // https only
    [InlineData(BotCloud.Public, "https://smba.trafficmanager.net.evil.example/v3/conversations", false)]
    [InlineData(BotCloud.USGov, "https://smba.infra.gov.teams.microsoft.us/gcch/v3/conversations", true)]
    [InlineData(BotCloud.China, "https://evil.example/v3/conversations", false)]
    [InlineData(BotCloud.China, "http://localhost:3978/v3/conversations", false)] // loopback may use http, but must still be trusted
    public async Task The_clouds_connector_hosts_are_trusted_over_https(BotCloud cloud, string url, bool trusted) =>
        Assert.Equal(trusted, await Trust(cloud).IsTrustedAsync(new Uri(url), default));

    [Fact]
    public async Task Configured_hosts_are_trusted_and_loopback_may_use_http()
    {
        var trust = Trust(BotCloud.China, "bot.contoso.cn", "localhost");

        Assert.True(await trust.IsTrustedAsync(new Uri("https://bot.contoso.cn/v3/x"), default));
        Assert.False(await trust.IsTrustedAsync(new Uri("http://bot.contoso.cn/v3/x"), default));
        Assert.True(await trust.IsTrustedAsync(new Uri("http://localhost:3978/v3/x"), default));
    }

    [Fact]
    public async Task A_recorded_serviceUrl_stays_trusted_for_a_new_instance_on_the_same_storage()
    {
        await Trust(BotCloud.China).RecordAsync("https://Some.Channel.example/teams/", default);

        var afterRestart = Trust(BotCloud.China);

        Assert.True(await afterRestart.IsTrustedAsync(new Uri("https://some.channel.example/teams/v3/conversations/a/activities"), default));
        Assert.False(await afterRestart.IsTrustedAsync(new Uri("https://some.channel.example:8443/teams/v3/conversations"), default));
        Assert.False(await afterRestart.IsTrustedAsync(new Uri("https://other.channel.example/teams/v3/conversations"), default));
    }
}
