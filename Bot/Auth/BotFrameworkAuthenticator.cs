using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Logging;

namespace SupportBot.Bot.Auth;

/// <summary>
/// Validates the channel's JWT on every inbound activity, all steps of PROTOCOL.md §3.3, plus Emulator tokens
/// (§3.4) when <c>Bot:EnableEmulatorTokens</c> is on. Wrong or missing token → 401, a signing key not endorsed
/// for the activity's channel → 403. With no app id configured, authentication is off (local use).
/// </summary>
public sealed class BotFrameworkAuthenticator(
    IOptions<BotAuthOptions> options,
    SigningKeySources keySources,
    TrustedServiceUrls trustedServiceUrls,
    TimeProvider time,
    ILogger<BotFrameworkAuthenticator> logger) : IInboundAuthenticator
{
    private const string BearerPrefix = "Bearer ";

    // PROTOCOL.md §3.3 step 7: 5 minutes of clock skew.
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // PROTOCOL.md §3.3 step 4: the metadata advertises RS256; nothing else is accepted (no "none", no HMAC).
    private const string Rs256 = "RS256";

    private readonly BotAuthOptions _options = options.Value;
    private readonly CloudSettings _cloud = BotClouds.Resolve(options.Value);

    private enum Profile { Channel, Emulator }

    public async Task<AuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        if (!_options.IsAuthenticationEnabled) return AuthenticationResult.Anonymous;

        // Step 1: the scheme is compared exactly, as the SDK does.
        if (authorizationHeader is null) return Reject("The request has no Authorization header.");
        if (!authorizationHeader.StartsWith(BearerPrefix, StringComparison.Ordinal)) return Reject("The Authorization header must use the 'Bearer' scheme.");
        if (!JsonWebToken.TryParse(authorizationHeader[BearerPrefix.Length..].Trim(), out var token)) return Reject("The bearer token is not a well-formed JWT.");
        if (token.Algorithm != Rs256) return Reject($"The token algorithm {Shown(token.Algorithm)} is not accepted; only {Rs256} is.");
        if (token.KeyId is not { Length: > 0 } keyId) return Reject("The token header has no 'kid'.");

        // Step 2: the issuer, still unverified, only picks which keys and rules apply.
        Profile profile;
        if (string.Equals(token.Issuer, _cloud.ChannelTokenIssuer, StringComparison.Ordinal)) profile = Profile.Channel;
        else if (_options.EnableEmulatorTokens && token.Issuer is { } issuer && _cloud.EmulatorTokenIssuers.Contains(issuer, StringComparer.Ordinal)) profile = Profile.Emulator;
        else return Reject($"The token issuer {Shown(token.Issuer)} is not trusted.");

        // Steps 3-4: the key named by 'kid' from the issuer's JWKS, then the RS256 signature.
        SigningKey? key;
        var metadataUrl = profile == Profile.Channel ? _cloud.OpenIdMetadataUrl : _cloud.EmulatorOpenIdMetadataUrl;
        try
        {
            key = await keySources.For(metadataUrl).GetAsync(keyId, cancellationToken);
        }
        catch (SigningKeysUnavailableException ex)
        {
            // Fail closed with 401, not 5xx: a token we cannot verify is an unauthenticated request (the SDK answers
            // 401 too), and a 5xx would tell the channel the bot is broken for every client. The error log is what
            // makes the outage of the metadata endpoint visible to operators.
            logger.LogError(ex, "Inbound token rejected because the signing keys are unavailable from {MetadataUrl}", metadataUrl);
            return AuthenticationResult.Unauthorized("The bot cannot verify tokens right now: the issuer's signing keys are unavailable.");
        }
        if (key is null) return Reject($"The token is signed with key {Shown(keyId)}, which the issuer does not publish.");
        if (!key.Verifies(token.SignedBytes, token.Signature)) return Reject("The token signature is not valid.");

        // Step 5: the issuer was compared exactly when choosing the profile, and the signature now covers it.
        // Step 6: the audience is the bot's app id.
        if (!token.Audiences().Contains(_options.AppId, StringComparer.OrdinalIgnoreCase)) return Reject("The token audience is not this bot's app id.");

        // Step 7: lifetime with skew; 'exp' is required.
        var now = time.GetUtcNow();
        if (token.TimeClaim("exp") is not { } expires) return Reject("The token has no expiry ('exp').");
        if (now > expires + ClockSkew) return Reject("The token has expired.");
        if (token.TimeClaim("nbf") is { } notBefore && now + ClockSkew < notBefore) return Reject("The token is not valid yet ('nbf').");

        // Step 8: the signing key must be endorsed for this channel. Channel keys always carry endorsements;
        // Emulator (Entra) keys carry none, and for those the SDK does not require them.
        var endorsed = key.Endorsements.Contains(activity.ChannelId ?? "", StringComparer.Ordinal);
        if (profile == Profile.Channel && !endorsed || profile == Profile.Emulator && key.Endorsements.Count > 0 && !endorsed)
        {
            logger.LogWarning("Inbound token signed by key {KeyId} is not endorsed for channel {ChannelId}", LogValue.Quote(keyId), LogValue.Quote(activity.ChannelId));
            return AuthenticationResult.Forbidden($"The signing key is not endorsed for channel {Shown(activity.ChannelId)}.");
        }

        if (profile == Profile.Channel)
        {
            // Step 9: the channel signs the serviceUrl it sends; lowercase claim name, compared case-insensitively.
            // (An expectReplies activity may carry no serviceUrl: nothing is ever sent there.)
            if (token.Claim("serviceurl") is not { } signedServiceUrl) return Reject("The token has no 'serviceurl' claim.");
            if (!string.IsNullOrEmpty(activity.ServiceUrl) && !string.Equals(signedServiceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
                return Reject("The activity's serviceUrl does not match the token's 'serviceurl' claim.");
        }
        else
        {
            // PROTOCOL.md §3.4: v1 tokens name the caller in 'appid', v2 tokens in 'azp'; it must be this bot.
            var caller = token.Claim("ver") switch
            {
                null or "1.0" => token.Claim("appid"),
                "2.0" => token.Claim("azp"),
                _ => null,
            };
            if (!string.Equals(caller, _options.AppId, StringComparison.OrdinalIgnoreCase))
                return Reject("The Emulator token was not issued to this bot's app id.");
        }

        if (!string.IsNullOrEmpty(activity.ServiceUrl) && MayTrust(profile, activity.ServiceUrl))
            await trustedServiceUrls.RecordAsync(activity.ServiceUrl, cancellationToken);
        return AuthenticationResult.Success(ToIdentity(token));
    }

    /// <summary>
    /// A channel token signs the serviceUrl, so it becomes a trusted place for the bot's token. An Emulator token
    /// does not sign it, so only an Emulator on this machine is trusted.
    /// </summary>
    private static bool MayTrust(Profile profile, string serviceUrl) =>
        profile == Profile.Channel || Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>Caller-supplied text echoed in a reason (which is also logged): kept short, quoted, control characters escaped.</summary>
    private static string Shown(string? value) => LogValue.Quote(value, 64);

    private AuthenticationResult Reject(string reason)
    {
        logger.LogInformation("Inbound request rejected: {Reason}", reason);
        return AuthenticationResult.Unauthorized(reason);
    }

    private static ClaimsIdentity ToIdentity(JsonWebToken token)
    {
        var claims = token.Payload.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String)
            .Select(p => new Claim(p.Name, p.Value.GetString()!, ClaimValueTypes.String, token.Issuer));
        return new ClaimsIdentity(claims, authenticationType: "Bearer");
    }
}

/// <summary>One <see cref="SigningKeyCache"/> per OpenID metadata URL (channel and Emulator keys differ).</summary>
public sealed class SigningKeySources(IHttpClientFactory httpClients, TimeProvider time, IOptions<SigningKeyCacheOptions> options, ILogger<SigningKeyCache> logger)
{
    public const string HttpClientName = "openid";

    private readonly ConcurrentDictionary<string, SigningKeyCache> _caches = new(StringComparer.Ordinal);

    public SigningKeyCache For(string metadataUrl) =>
        _caches.GetOrAdd(metadataUrl, url => new SigningKeyCache(url, () => httpClients.CreateClient(HttpClientName), time, options.Value, logger));
}
