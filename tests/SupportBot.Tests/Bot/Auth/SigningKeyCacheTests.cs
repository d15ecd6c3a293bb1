using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Bot.Auth;
using SupportBot.Tests.Bot.Connector;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Auth;

/// <summary>The key cache against a real local issuer, on a clock the test moves.</summary>
public sealed class SigningKeyCacheTests : IAsyncLifetime
{
    private TokenIssuer _issuer = null!;
    private readonly RecordingClock _clock = new();
    private readonly HttpClient _http = new();
    private readonly SigningKeyCacheOptions _options = new();

    public async Task InitializeAsync() => _issuer = await TokenIssuer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _issuer.DisposeAsync();
    }

    private SigningKeyCache NewCache() => new(_issuer.ChannelMetadataUrl, () => _http, _clock, _options, NullLogger.Instance);

    [Fact]
    public async Task Keys_are_read_once_and_carry_their_endorsements()
    {
        var cache = NewCache();

        var key = await cache.GetAsync(_issuer.ChannelKey.KeyId, default);
        var again = await cache.GetAsync(_issuer.DirectLineOnlyKey.KeyId, default);

        Assert.Equal(["msteams", "webchat", "directline", "emulator"], key!.Endorsements);
        Assert.Equal(["directline"], again!.Endorsements);
        Assert.Equal(1, _issuer.MetadataFetches);
        Assert.Equal(1, _issuer.KeyFetches);
    }

    [Fact]
    public async Task Unknown_kids_refetch_at_most_once_per_interval()
    {
        var cache = NewCache();
        await cache.GetAsync(_issuer.ChannelKey.KeyId, default);

        Assert.Null(await cache.GetAsync("unknown-1", default));
        Assert.Equal(2, _issuer.KeyFetches);

        for (var i = 0; i < 20; i++) Assert.Null(await cache.GetAsync($"made-up-{i}", default));
        _clock.Advance(_options.MinimumRefetchInterval - TimeSpan.FromSeconds(1));
        Assert.Null(await cache.GetAsync("still-too-soon", default));
        Assert.Equal(2, _issuer.KeyFetches);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await cache.GetAsync("unknown-2", default));
        Assert.Equal(3, _issuer.KeyFetches);
    }

    [Fact]
    public async Task Keys_are_refreshed_after_24_hours()
    {
        var cache = NewCache();
        await cache.GetAsync(_issuer.ChannelKey.KeyId, default);

        _clock.Advance(TimeSpan.FromHours(23));
        await cache.GetAsync(_issuer.ChannelKey.KeyId, default);
        Assert.Equal(1, _issuer.KeyFetches);

        _clock.Advance(TimeSpan.FromHours(1));
        await cache.GetAsync(_issuer.ChannelKey.KeyId, default);
        Assert.Equal(2, _issuer.KeyFetches);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_known_keys_and_does_not_hammer_the_issuer()
    {
        var cache = NewCache();
        await cache.GetAsync(_issuer.ChannelKey.KeyId, default);
        _issuer.MetadataFailure = HttpStatusCode.BadGateway;
        _clock.Advance(TimeSpan.FromHours(25));

        Assert.NotNull(await cache.GetAsync(_issuer.ChannelKey.KeyId, default));
        Assert.NotNull(await cache.GetAsync(_issuer.ChannelKey.KeyId, default));
        Assert.Equal(2, _issuer.MetadataFetches); // the first read and one failed refresh; the second call waits

        _clock.Advance(_options.RetryAfterFailure);
        _issuer.MetadataFailure = null;
        Assert.NotNull(await cache.GetAsync(_issuer.ChannelKey.KeyId, default));
        Assert.Equal(3, _issuer.MetadataFetches);
    }

    [Fact]
    public async Task With_no_keys_ever_read_an_outage_is_reported_not_hidden()
    {
        _issuer.MetadataFailure = HttpStatusCode.ServiceUnavailable;
        var cache = NewCache();

        await Assert.ThrowsAsync<SigningKeysUnavailableException>(() => cache.GetAsync(_issuer.ChannelKey.KeyId, default));
        await Assert.ThrowsAsync<SigningKeysUnavailableException>(() => cache.GetAsync(_issuer.ChannelKey.KeyId, default));
        Assert.Equal(1, _issuer.MetadataFetches);
    }
}
