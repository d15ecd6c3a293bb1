using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SupportBot.Bot.Auth;

/// <summary>One RSA signing key from a JWKS, with the channels the Bot Framework endorses it for (PROTOCOL.md §3.3 step 8).</summary>
public sealed record SigningKey(string KeyId, RSAParameters Parameters, IReadOnlyList<string> Endorsements)
{
    /// <summary>Checks an RS256 signature (RSASSA-PKCS1-v1_5 with SHA-256).</summary>
    public bool Verifies(byte[] signedBytes, byte[] signature)
    {
        using var rsa = RSA.Create(Parameters);
        return rsa.VerifyData(signedBytes, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}

/// <summary>Neither the metadata nor the key set could be read, and no earlier keys are cached.</summary>
public sealed class SigningKeysUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class SigningKeyCacheOptions
{
    // PROTOCOL.md §3.3 step 3: refresh at least every 24 h.
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// An unknown <c>kid</c> triggers a refetch (key rollover), but at most this often: otherwise anyone could
    /// make the bot hammer the metadata endpoint by sending tokens with made-up key ids.
    /// </summary>
    public TimeSpan MinimumRefetchInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed fetch is remembered before a request may try again (so an outage is not hammered).</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The signing keys behind one OpenID metadata URL: metadata → <c>jwks_uri</c> → keys. Keys are kept until the
/// refresh interval passes; a refresh that fails keeps the previous keys (and logs), so a short outage of the
/// metadata endpoint does not lock out the channel.
/// </summary>
public sealed class SigningKeyCache(string metadataUrl, Func<HttpClient> createHttpClient, TimeProvider time, SigningKeyCacheOptions options, ILogger logger)
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile KeySnapshot? _snapshot; // replaced whole, so readers outside the lock see keys and age together
    private DateTimeOffset? _lastUnknownKeyRefetch;
    private DateTimeOffset? _lastFailure;

    public string MetadataUrl { get; } = metadataUrl;

    /// <summary>The key with this id, or null when the key set does not have it even after an allowed refetch.</summary>
    public async Task<SigningKey?> GetAsync(string keyId, CancellationToken cancellationToken)
    {
        var keys = _snapshot is { } snapshot && time.GetUtcNow() - snapshot.FetchedAt < options.RefreshInterval
            ? snapshot.Keys
            : await RefreshAsync(unknownKeyId: false, cancellationToken);
        if (keys.TryGetValue(keyId, out var key)) return key;

        keys = await RefreshAsync(unknownKeyId: true, cancellationToken);
        return keys.GetValueOrDefault(keyId);
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>> RefreshAsync(bool unknownKeyId, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var current = _snapshot;
            if (current is not null)
            {
                // Another caller may have refreshed while this one waited; after a failed refresh the old keys serve a while.
                if (!unknownKeyId && (now - current.FetchedAt < options.RefreshInterval || RecentlyFailed(now))) return current.Keys;
                // Unknown kids refetch at most once per interval, counted from the last such refetch.
                if (unknownKeyId && _lastUnknownKeyRefetch is { } last && now - last < options.MinimumRefetchInterval) return current.Keys;
            }
            else if (RecentlyFailed(now))
            {
                throw new SigningKeysUnavailableException($"The signing keys at {MetadataUrl} could not be read moments ago.");
            }

            if (unknownKeyId) _lastUnknownKeyRefetch = now;
            try
            {
                var keys = await FetchAsync(cancellationToken);
                _snapshot = new KeySnapshot(keys, now);
                _lastFailure = null;
                logger.LogInformation("Read {Count} signing keys from {MetadataUrl}", keys.Count, MetadataUrl);
                return keys;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                _lastFailure = now;
                if (current is not null)
                {
                    logger.LogWarning(ex, "Could not refresh the signing keys from {MetadataUrl}; keeping the {Count} keys read at {FetchedAt}", MetadataUrl, current.Keys.Count, current.FetchedAt);
                    return current.Keys;
                }
                throw new SigningKeysUnavailableException($"The signing keys at {MetadataUrl} could not be read: {ex.Message}", ex);
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private sealed record KeySnapshot(IReadOnlyDictionary<string, SigningKey> Keys, DateTimeOffset FetchedAt);

    private bool RecentlyFailed(DateTimeOffset now) => _lastFailure is { } failed && now - failed < options.RetryAfterFailure;

    private async Task<IReadOnlyDictionary<string, SigningKey>> FetchAsync(CancellationToken cancellationToken)
    {
        using var metadata = await GetJsonAsync(MetadataUrl, cancellationToken);
        var jwksUri = metadata.RootElement.ValueKind == JsonValueKind.Object
            && metadata.RootElement.TryGetProperty("jwks_uri", out var uri) && uri.ValueKind == JsonValueKind.String ? uri.GetString() : null;
        if (!Uri.TryCreate(jwksUri, UriKind.Absolute, out var jwks))
            throw new InvalidDataException($"The OpenID metadata at {MetadataUrl} has no valid jwks_uri.");

        using var keySet = await GetJsonAsync(jwks.AbsoluteUri, cancellationToken);
        if (keySet.RootElement.ValueKind != JsonValueKind.Object || !keySet.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"The key set at {jwks} has no 'keys' array.");

        var result = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var jwk in keys.EnumerateArray())
            if (TryReadRsaKey(jwk) is { } key) result[key.KeyId] = key;
        return result;
    }

    private async Task<JsonDocument> GetJsonAsync(string url, CancellationToken cancellationToken)
    {
        // A client per fetch: IHttpClientFactory rotates handlers (DNS changes); fetches are rare.
        using var response = await createHttpClient().GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    /// <summary>An RSA signing key from its JWK (<c>n</c>/<c>e</c>, else the first <c>x5c</c> certificate); other keys are skipped.</summary>
    private static SigningKey? TryReadRsaKey(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object) return null;
        string? Text(string name) => jwk.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Text("kid") is not { Length: > 0 } kid || Text("kty") != "RSA") return null;
        if (Text("use") is { } use && use != "sig") return null;

        RSAParameters parameters;
        if (Text("n") is { } n && Text("e") is { } e && JsonWebToken.TryDecode(n, out var modulus) && JsonWebToken.TryDecode(e, out var exponent))
        {
            parameters = new RSAParameters { Modulus = modulus, Exponent = exponent };
        }
        else if (jwk.TryGetProperty("x5c", out var chain) && chain.ValueKind == JsonValueKind.Array && chain.GetArrayLength() > 0
            && chain[0].ValueKind == JsonValueKind.String)
        {
            try
            {
                using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(chain[0].GetString()!));
                using var rsa = certificate.GetRSAPublicKey();
                if (rsa is null) return null;
                parameters = rsa.ExportParameters(false);
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                return null;
            }
        }
        else return null;

        var endorsements = jwk.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        return new SigningKey(kid, parameters, endorsements);
    }
}
