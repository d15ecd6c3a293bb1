using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Bot.State;

namespace SupportBot.Bot.DirectLine;

/// <summary>What a valid embedded token grants: one conversation, as one user, until it expires.</summary>
public sealed record DirectLineGrant(string ConversationId, string UserId, DateTimeOffset ExpiresAt);

/// <summary>Why a presented token was not accepted.</summary>
public enum TokenProblem
{
    None,
    Missing,
    Invalid,
    Expired,
}

/// <summary>
/// Issues and checks the embedded endpoint's tokens: <c>base64url(grant JSON) "." base64url(HMAC-SHA256)</c>, bound to
/// one conversation id and one user id, short-lived (PROTOCOL.md §6.1). The key is configured or generated once and
/// kept in storage, so a restart does not log every open page out.
/// </summary>
public sealed class DirectLineTokenService(IOptions<DirectLineOptions> options, IStorage storage, TimeProvider clock)
{
    private const string SigningKeyStorageKey = DirectLineConversationStore.StorageKeyPrefix + "token-signing-key";
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private byte[]? _key;

    public TimeSpan Lifetime => options.Value.Embedded.TokenLifetime;

    /// <summary>Whole seconds the grant has left, for <c>expires_in</c>.</summary>
    public int SecondsLeft(DirectLineGrant grant) => (int)Math.Max(0, (grant.ExpiresAt - clock.GetUtcNow()).TotalSeconds);

    public async Task<(string Token, DirectLineGrant Grant)> IssueAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var grant = new DirectLineGrant(conversationId, userId, clock.GetUtcNow() + Lifetime);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenPayload(grant.ConversationId, grant.UserId, grant.ExpiresAt.ToUnixTimeSeconds()));
        var signature = HMACSHA256.HashData(await GetKeyAsync(cancellationToken), payload);
        return ($"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}", grant);
    }

    public async Task<(DirectLineGrant? Grant, TokenProblem Problem)> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token)) return (null, TokenProblem.Missing);
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot == token.Length - 1 || token.Length > 2048) return (null, TokenProblem.Invalid);
        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return (null, TokenProblem.Invalid);
        }
        var expected = HMACSHA256.HashData(await GetKeyAsync(cancellationToken), payload);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return (null, TokenProblem.Invalid);

        TokenPayload? claims;
        try
        {
            claims = JsonSerializer.Deserialize<TokenPayload>(payload);
        }
        catch (JsonException)
        {
            return (null, TokenProblem.Invalid);
        }
        if (claims is null || string.IsNullOrEmpty(claims.C) || string.IsNullOrEmpty(claims.U)) return (null, TokenProblem.Invalid);
        var grant = new DirectLineGrant(claims.C, claims.U, DateTimeOffset.FromUnixTimeSeconds(claims.E));
        return grant.ExpiresAt <= clock.GetUtcNow() ? (grant, TokenProblem.Expired) : (grant, TokenProblem.None);
    }

    private async ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known) return known;
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await LoadOrCreateKeyAsync(cancellationToken);
        }
        finally
        {
            _keyLock.Release();
        }
    }

    private async Task<byte[]> LoadOrCreateKeyAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Embedded.TokenSigningKey is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            if (key.Length < 32) throw new InvalidOperationException("DirectLine:Embedded:TokenSigningKey must be at least 32 bytes (base64).");
            return key;
        }
        while (true)
        {
            var stored = await storage.ReadAsync([SigningKeyStorageKey], cancellationToken);
            if (stored.TryGetValue(SigningKeyStorageKey, out var item) && item.Value.GetString() is { } text)
                return Convert.FromBase64String(text);
            var fresh = RandomNumberGenerator.GetBytes(32);
            try
            {
                // ETag null: only if nobody else created it first; otherwise read theirs.
                await storage.WriteAsync(new Dictionary<string, StoreItem>
                {
                    [SigningKeyStorageKey] = new(JsonSerializer.SerializeToElement(Convert.ToBase64String(fresh)), null),
                }, cancellationToken);
                return fresh;
            }
            catch (StorageConcurrencyException)
            {
            }
        }
    }

    /// <summary>Short names keep the token short: conversation, user, expiry (Unix seconds).</summary>
    private sealed record TokenPayload(string C, string U, long E);
}

/// <summary>Random ids that are safe in URLs and paths.</summary>
internal static class DirectLineIds
{
    public static string NewConversationId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static string NewUserId() => "dl_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    /// <summary>A user id a trusted server-side caller may name: <c>dl_</c> ids as Direct Line's enhanced authentication asks (PROTOCOL.md §6.4), URL-safe, short.</summary>
    public static bool IsAcceptableUserId(string? id) =>
        id is { Length: > 3 and <= 64 } && id.StartsWith("dl_", StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
