using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Auth;

/// <summary>One app, issuer and connector shared by the matrix tests that do not depend on counts or cache state.</summary>
public sealed class SharedAuthenticatedBot : IAsyncLifetime
{
    public AuthenticatedBot Bot { get; private set; } = null!;

    public async Task InitializeAsync() => Bot = await AuthenticatedBot.StartAsync();

    public async Task DisposeAsync() => await Bot.DisposeAsync();
}

/// <summary>
/// Every rule of PROTOCOL.md §3.3/§3.4 through a real POST /api/messages, against a local issuer's keys.
/// Each rejection also checks that nothing reached the Connector. Tests that count fetches or token requests,
/// or change the issuer, get a bot of their own.
/// </summary>
public sealed class InboundAuthMatrixTests(SharedAuthenticatedBot shared) : IClassFixture<SharedAuthenticatedBot>, IAsyncLifetime
{
    private AuthenticatedBot _bot = shared.Bot;
    private AuthenticatedBot? _own;

    private TokenIssuer Issuer => _bot.Issuer;

    public Task InitializeAsync()
    {
        _bot.Connector.Clear();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_own is not null) await _own.DisposeAsync();
    }

    private async Task UseOwnBotAsync() => _bot = _own = await AuthenticatedBot.StartAsync();

    private Activity TeamsMessage() => Activities.TeamsPersonalMessage("hello", _bot.Connector.ServiceUrl);

    private Dictionary<string, object?> Claims(Activity activity) => Issuer.ChannelClaims(Activities.BotAppId, activity.ServiceUrl!);

    private async Task AssertRejected(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        Assert.Equal(status, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>(ProtocolJson.Options);
        Assert.Contains(reason, error!.Error!.Message);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Fact]
    public async Task A_valid_channel_token_is_accepted_and_the_reply_carries_the_bots_own_token()
    {
        await UseOwnBotAsync();
        var message = TeamsMessage();

        var response = await _bot.PostAsync(message, _bot.ValidToken(message));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _bot.Connector.WaitForMessagesAsync(1);
        var call = _bot.Connector.Calls.First(c => c.Activity?.IsType(ActivityTypes.Message) == true);
        Assert.Equal($"Bearer {TokenIssuer.IssuedAccessToken(1)}", call.Authorization);
        var tokenRequest = Assert.Single(Issuer.TokenRequests);
        Assert.Equal(AuthenticatedBot.AppTenantId, tokenRequest.Tenant); // SingleTenant → the app's own tenant
        Assert.Equal("client_credentials", tokenRequest.GrantType);
        Assert.Equal(Activities.BotAppId, tokenRequest.ClientId);
        Assert.Equal(AuthenticatedBot.AppPassword, tokenRequest.ClientSecret);
        Assert.Contains("https://api.botframework.azure.cn/.default", tokenRequest.Scope); // PROTOCOL.md §9 item 1
    }

    [Fact]
    public async Task The_outbound_token_is_cached_across_turns()
    {
        await UseOwnBotAsync();
        for (var i = 1; i <= 2; i++)
        {
            var message = TeamsMessage();
            Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(message, _bot.ValidToken(message))).StatusCode);
            await _bot.Connector.WaitForMessagesAsync(i);
        }

        Assert.Single(Issuer.TokenRequests);
        Assert.All(_bot.Connector.Calls, c => Assert.Equal($"Bearer {TokenIssuer.IssuedAccessToken(1)}", c.Authorization));
    }

    [Fact]
    public async Task A_missing_authorization_header_is_401() =>
        await AssertRejected(await _bot.PostAsync(TeamsMessage(), token: null), HttpStatusCode.Unauthorized, "no Authorization header");

    [Theory]
    [InlineData("bearer")]
    [InlineData("Basic")]
    [InlineData("JWT")]
    public async Task Another_scheme_than_Bearer_is_401(string scheme)
    {
        var message = TeamsMessage();
        var response = await _bot.PostRawAsync(message, new AuthenticationHeaderValue(scheme, _bot.ValidToken(message)));
        await AssertRejected(response, HttpStatusCode.Unauthorized, "'Bearer' scheme");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30")]
    [InlineData("W10.W10.AAAA")]
    public async Task A_token_that_is_not_a_JWT_is_401(string token) =>
        await AssertRejected(await _bot.PostAsync(TeamsMessage(), token), HttpStatusCode.Unauthorized, "not a well-formed JWT");

    [Fact]
    public async Task Alg_none_is_401()
    {
        var message = TeamsMessage();
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(Claims(message), alg: "none")), HttpStatusCode.Unauthorized, "\"none\" is not accepted");
    }

    [Fact]
    public async Task HS256_signed_with_the_public_key_is_401()
    {
        var message = TeamsMessage();
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(Claims(message), alg: "HS256")), HttpStatusCode.Unauthorized, "\"HS256\" is not accepted");
    }

    [Fact]
    public async Task An_unknown_kid_refetches_the_keys_once_then_is_401()
    {
        await UseOwnBotAsync();
        var message = TeamsMessage();
        var response = await _bot.PostAsync(message, Issuer.CreateToken(Claims(message), key: Issuer.UntrustedKey));

        await AssertRejected(response, HttpStatusCode.Unauthorized, "\"untrusted-key\", which the issuer does not publish");
        Assert.Equal(2, Issuer.KeyFetches); // first read, then one refetch for the unknown kid

        var again = await _bot.PostAsync(message, Issuer.CreateToken(Claims(message), key: Issuer.UntrustedKey, kid: "another-made-up-kid"));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(2, Issuer.KeyFetches); // rate limited: no refetch within five minutes
    }

    [Fact]
    public async Task A_rolled_over_key_is_found_by_the_refetch()
    {
        await UseOwnBotAsync();
        var first = TeamsMessage();
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(first, _bot.ValidToken(first))).StatusCode);
        using var newKey = new IssuerKey("rolled-over-key", "msteams");
        Issuer.Publish(newKey);

        var message = TeamsMessage();
        var response = await _bot.PostAsync(message, Issuer.CreateToken(Claims(message), key: newKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Issuer.KeyFetches);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_a_published_kid_is_401()
    {
        var message = TeamsMessage();
        var forged = Issuer.CreateToken(Claims(message), key: Issuer.UntrustedKey, kid: Issuer.ChannelKey.KeyId);
        await AssertRejected(await _bot.PostAsync(message, forged), HttpStatusCode.Unauthorized, "signature is not valid");
    }

    [Fact]
    public async Task A_tampered_payload_is_401()
    {
        var message = TeamsMessage();
        var parts = _bot.ValidToken(message).Split('.');
        var otherClaims = Claims(message);
        otherClaims["aud"] = Activities.BotAppId;
        otherClaims["extra"] = "added after signing";
        var otherPayload = Issuer.CreateToken(otherClaims).Split('.')[1];
        await AssertRejected(await _bot.PostAsync(message, $"{parts[0]}.{otherPayload}.{parts[2]}"), HttpStatusCode.Unauthorized, "signature is not valid");
    }

    [Theory]
    [InlineData("https://api.botframework.com")] // the Public cloud's issuer is not China's
    [InlineData("https://evil.example")]
    public async Task A_wrong_issuer_is_401(string issuer)
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims["iss"] = issuer;
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(claims)), HttpStatusCode.Unauthorized, "issuer");
    }

    [Fact]
    public async Task An_issuer_differing_only_in_case_is_401()
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims["iss"] = Issuer.ChannelIssuer.ToUpperInvariant();
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(claims)), HttpStatusCode.Unauthorized, "issuer");
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000bad")]
    [InlineData("https://api.botframework.azure.cn")]
    [InlineData(null)]
    public async Task A_wrong_audience_is_401(string? audience)
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims["aud"] = audience;
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(claims)), HttpStatusCode.Unauthorized, "audience");
    }

    [Fact]
    public async Task A_token_expired_beyond_the_skew_is_401()
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims["nbf"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds();
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(claims)), HttpStatusCode.Unauthorized, "expired");
    }

    [Fact]
    public async Task A_token_expired_within_the_skew_is_accepted()
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeSeconds();

        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(message, Issuer.CreateToken(claims))).StatusCode);
    }

    [Fact]
    public async Task A_token_without_exp_is_401()
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims.Remove("exp");
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(claims)), HttpStatusCode.Unauthorized, "no expiry");
    }

    [Fact]
    public async Task A_token_not_valid_before_a_future_time_is_401()
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims["nbf"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(claims)), HttpStatusCode.Unauthorized, "not valid yet");
    }

    [Fact]
    public async Task A_key_not_endorsed_for_the_activitys_channel_is_403()
    {
        var message = TeamsMessage(); // msteams, but the key is endorsed for directline only
        var response = await _bot.PostAsync(message, Issuer.CreateToken(Claims(message), key: Issuer.DirectLineOnlyKey));
        await AssertRejected(response, HttpStatusCode.Forbidden, "not endorsed for channel \"msteams\"");
    }

    [Fact]
    public async Task The_same_key_is_accepted_for_the_channel_it_endorses()
    {
        var message = Activities.WebChatMessage("hello", _bot.Connector.ServiceUrl);
        message.ChannelId = Channels.DirectLine;
        var response = await _bot.PostAsync(message, Issuer.CreateToken(Claims(message), key: Issuer.DirectLineOnlyKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_serviceurl_claim_that_differs_from_the_activity_is_401()
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims["serviceurl"] = "https://smba.trafficmanager.net/amer/";
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(claims)), HttpStatusCode.Unauthorized, "does not match the token's 'serviceurl'");
    }

    [Fact]
    public async Task The_serviceurl_claim_is_compared_case_insensitively()
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims["serviceurl"] = message.ServiceUrl!.ToUpperInvariant();
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(message, Issuer.CreateToken(claims))).StatusCode);
    }

    [Fact]
    public async Task A_missing_serviceurl_claim_is_401()
    {
        var message = TeamsMessage();
        var claims = Claims(message);
        claims.Remove("serviceurl");
        await AssertRejected(await _bot.PostAsync(message, Issuer.CreateToken(claims)), HttpStatusCode.Unauthorized, "no 'serviceurl' claim");
    }

    [Fact]
    public async Task An_unreachable_metadata_endpoint_is_401_with_a_reason_not_5xx()
    {
        await UseOwnBotAsync();
        Issuer.MetadataFailure = HttpStatusCode.ServiceUnavailable;
        var message = TeamsMessage();
        await AssertRejected(await _bot.PostAsync(message, _bot.ValidToken(message)), HttpStatusCode.Unauthorized, "signing keys are unavailable");
    }

    private static Dictionary<string, object?> EmulatorClaims(string version = "1.0", string? appId = Activities.BotAppId)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object?>
        {
            ["iss"] = AuthenticatedBot.EmulatorIssuer,
            ["aud"] = Activities.BotAppId,
            ["ver"] = version,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        claims[version == "2.0" ? "azp" : "appid"] = appId;
        return claims;
    }

    [Fact]
    public async Task An_emulator_token_is_401_when_emulator_tokens_are_off()
    {
        var message = Activities.WebChatMessage("hello", _bot.Connector.ServiceUrl);
        message.ChannelId = Channels.Emulator;
        var response = await _bot.PostAsync(message, Issuer.CreateToken(EmulatorClaims(), key: Issuer.EmulatorKey));
        await AssertRejected(response, HttpStatusCode.Unauthorized, "issuer");
        Assert.Equal(0, Issuer.EmulatorKeyFetches);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task An_emulator_token_is_accepted_when_emulator_tokens_are_on(string version)
    {
        await using var bot = await AuthenticatedBot.StartAsync(new Dictionary<string, string?> { ["Bot:EnableEmulatorTokens"] = "true" });
        var message = Activities.WebChatMessage("hello", bot.Connector.ServiceUrl);
        message.ChannelId = Channels.Emulator;

        var response = await bot.PostAsync(message, bot.Issuer.CreateToken(EmulatorClaims(version), key: bot.Issuer.EmulatorKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await bot.Connector.WaitForMessagesAsync(1));
        Assert.Equal($"Bearer {TokenIssuer.IssuedAccessToken(1)}", bot.Connector.Calls[^1].Authorization);
    }

    [Theory]
    [InlineData("1.0", "00000000-0000-0000-0000-000000000bad")]
    [InlineData("2.0", "00000000-0000-0000-0000-000000000bad")]
    [InlineData("3.0", Activities.BotAppId)]
    public async Task An_emulator_token_for_another_app_or_version_is_401(string version, string appId)
    {
        await using var bot = await AuthenticatedBot.StartAsync(new Dictionary<string, string?> { ["Bot:EnableEmulatorTokens"] = "true" });
        var message = Activities.WebChatMessage("hello", bot.Connector.ServiceUrl);
        message.ChannelId = Channels.Emulator;
        var claims = EmulatorClaims(version);
        claims[version == "2.0" ? "azp" : "appid"] = appId;

        var response = await bot.PostAsync(message, bot.Issuer.CreateToken(claims, key: bot.Issuer.EmulatorKey));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Connector.Calls);
    }
}
