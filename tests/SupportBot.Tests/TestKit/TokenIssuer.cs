using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.TestKit;

/// <summary>An RSA key the issuer signs with, and the channels its JWK endorses (PROTOCOL.md §3.3 step 8).</summary>
public sealed class IssuerKey(string keyId, params string[] endorsements) : IDisposable
{
    public string KeyId { get; } = keyId;
    public RSA Rsa { get; } = RSA.Create(2048);
    public IReadOnlyList<string> Endorsements { get; } = endorsements;

    public object ToJwk()
    {
        var parameters = Rsa.ExportParameters(false);
        return new
        {
            kty = "RSA",
            use = "sig",
            kid = KeyId,
            n = Base64Url.EncodeToString(parameters.Modulus),
            e = Base64Url.EncodeToString(parameters.Exponent),
            endorsements = Endorsements,
        };
    }

    public void Dispose() => Rsa.Dispose();
}

/// <summary>One request for an app token that reached the fake Entra token endpoint.</summary>
public sealed record TokenRequest(string Tenant, string? GrantType, string? ClientId, string? ClientSecret, string? Scope);

/// <summary>
/// A local Bot Framework token issuer on real Kestrel (127.0.0.1, dynamic ports): channel OpenID metadata and a
/// JWKS whose keys carry <c>endorsements</c>, an Emulator-style metadata/JWKS without them, and, over https with a
/// certificate made here, an Entra-style client-credentials token endpoint for the bot's outbound token.
/// Mints tokens with any claims, algorithm, key id and lifetime; counts every metadata and key fetch.
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    public const string ChannelMetadataPath = "/v1/.well-known/openidconfiguration";
    public const string EmulatorMetadataPath = "/emulator/v2.0/.well-known/openid-configuration";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TokenRequest> _tokenRequests = new();
    private readonly List<IssuerKey> _channelKeys = [];
    private int _metadataFetches, _keyFetches, _emulatorKeyFetches, _issued;

    private TokenIssuer(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
        _channelKeys.Add(ChannelKey);
        _channelKeys.Add(DirectLineOnlyKey);
    }

    /// <summary>Endorsed for the channels the tests use.</summary>
    public IssuerKey ChannelKey { get; } = new("channel-key-1", "msteams", "webchat", "directline", "emulator");

    /// <summary>Published, but endorsed for Direct Line only.</summary>
    public IssuerKey DirectLineOnlyKey { get; } = new("directline-only-key", "directline");

    /// <summary>Published in the Emulator key set, without endorsements (as Entra keys are).</summary>
    public IssuerKey EmulatorKey { get; } = new("emulator-key-1");

    /// <summary>A key nobody published: tokens signed with it must never pass.</summary>
    public IssuerKey UntrustedKey { get; } = new("untrusted-key", "msteams", "webchat", "directline");

    /// <summary>Base URL of the http listener; also the issuer (<c>iss</c>) of channel tokens.</summary>
    public string BaseUrl { get; private set; } = "";

    public string ChannelIssuer => BaseUrl;
    public string ChannelMetadataUrl => BaseUrl + ChannelMetadataPath;
    public string EmulatorMetadataUrl => BaseUrl + EmulatorMetadataPath;

    /// <summary>https base of the Entra-style token endpoint: <c>{LoginHost}/{tenant}/oauth2/v2.0/token</c>.</summary>
    public string LoginHost { get; private set; } = "";

    /// <summary>The self-signed certificate of the https listener (the app's "entra" client must trust it).</summary>
    public X509Certificate2 Certificate { get; }

    public int MetadataFetches => Volatile.Read(ref _metadataFetches);
    public int KeyFetches => Volatile.Read(ref _keyFetches);
    public int EmulatorKeyFetches => Volatile.Read(ref _emulatorKeyFetches);
    public IReadOnlyList<TokenRequest> TokenRequests => _tokenRequests.ToList();

    /// <summary>The access token the fake Entra endpoint hands out for the n-th request (1-based).</summary>
    public static string IssuedAccessToken(int n) => $"entra-access-token-{n}";

    /// <summary>When set, the metadata endpoint answers this status instead (an outage of the issuer).</summary>
    public HttpStatusCode? MetadataFailure { get; set; }

    /// <summary>Adds a key to the channel JWKS (key rollover).</summary>
    public void Publish(IssuerKey key)
    {
        lock (_channelKeys) _channelKeys.Add(key);
    }

    public static async Task<TokenIssuer> StartAsync()
    {
        var certificate = CreateLoopbackCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate }));
        });
        var app = builder.Build();
        var issuer = new TokenIssuer(app, certificate);
        issuer.Map(app);
        await app.StartAsync();
        issuer.BaseUrl = app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal));
        issuer.LoginHost = app.Urls.First(u => u.StartsWith("https://", StringComparison.Ordinal));
        return issuer;
    }

    /// <summary>Claims as the Bot Framework channel service sends them (PROTOCOL.md §3.3).</summary>
    public Dictionary<string, object?> ChannelClaims(string appId, string serviceUrl, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object?>
        {
            ["iss"] = ChannelIssuer,
            ["aud"] = appId,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
    }

    /// <summary>
    /// A compact JWT. <paramref name="alg"/> RS256 signs with <paramref name="key"/> (default <see cref="ChannelKey"/>);
    /// HS256 signs with the key's public modulus as HMAC secret (the classic algorithm-confusion attack); "none" has no signature.
    /// </summary>
    public string CreateToken(IDictionary<string, object?> claims, string alg = "RS256", IssuerKey? key = null, string? kid = null)
    {
        key ??= ChannelKey;
        var header = new Dictionary<string, object?> { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = kid ?? key.KeyId };
        var signed = $"{Encode(JsonSerializer.SerializeToUtf8Bytes(header))}.{Encode(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var data = Encoding.ASCII.GetBytes(signed);
        var signature = alg switch
        {
            "RS256" => key.Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "HS256" => HMACSHA256.HashData(key.Rsa.ExportParameters(false).Modulus!, data),
            "none" => [],
            _ => throw new ArgumentException($"Cannot sign with {alg}.", nameof(alg)),
        };
        return $"{signed}.{Encode(signature)}";
    }

    private static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private void Map(WebApplication app)
    {
        app.MapGet(ChannelMetadataPath, () =>
        {
            Interlocked.Increment(ref _metadataFetches);
            if (MetadataFailure is { } failure) return Results.StatusCode((int)failure);
            return Results.Json(new { issuer = ChannelIssuer, jwks_uri = BaseUrl + "/v1/.well-known/keys", id_token_signing_alg_values_supported = new[] { "RS256" } });
        });
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref _keyFetches);
            lock (_channelKeys) return Results.Json(new { keys = _channelKeys.Select(k => k.ToJwk()).ToList() });
        });
        app.MapGet(EmulatorMetadataPath, () => Results.Json(new { issuer = "emulator", jwks_uri = BaseUrl + "/emulator/keys" }));
        app.MapGet("/emulator/keys", () =>
        {
            Interlocked.Increment(ref _emulatorKeyFetches);
            return Results.Json(new { keys = new[] { EmulatorKey.ToJwk() } });
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext http, string tenant) =>
        {
            var form = await http.Request.ReadFormAsync();
            _tokenRequests.Enqueue(new TokenRequest(tenant, form["grant_type"], form["client_id"], form["client_secret"], form["scope"]));
            var n = Interlocked.Increment(ref _issued);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = IssuedAccessToken(n) });
        });
    }

    private static X509Certificate2 CreateLoopbackCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server authentication
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Round-trip through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
        foreach (var key in new[] { ChannelKey, DirectLineOnlyKey, EmulatorKey, UntrustedKey }) key.Dispose();
    }
}
