using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace SupportBot.Bot.Auth;

/// <summary>
/// A compact JWS split into its parts (RFC 7515). Parsing trusts nothing: it only decodes, so the issuer can be
/// peeked to pick a validation profile before the signature is checked.
/// </summary>
public sealed class JsonWebToken
{
    private JsonWebToken(JsonElement header, JsonElement payload, byte[] signedBytes, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SignedBytes = signedBytes;
        Signature = signature;
    }

    public JsonElement Header { get; }
    public JsonElement Payload { get; }

    /// <summary>ASCII of <c>base64url(header).base64url(payload)</c>: what the signature covers.</summary>
    public byte[] SignedBytes { get; }
    public byte[] Signature { get; }

    public string? Algorithm => HeaderString("alg");
    public string? KeyId => HeaderString("kid");
    public string? Issuer => Claim("iss");

    public string? HeaderString(string name) =>
        Header.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A string claim, or null when absent or not a string.</summary>
    public string? Claim(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A NumericDate claim (seconds since the epoch), or null when absent or not a number.</summary>
    public DateTimeOffset? TimeClaim(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            && seconds is > 0 and < 253402300799 // year 9999: anything later is not a date
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;

    /// <summary><c>aud</c> may be one string or an array of strings (RFC 7519 §4.1.3).</summary>
    public IReadOnlyList<string> Audiences() =>
        !Payload.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()!]
        : aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList()
        : [];

    public static bool TryParse(string compact, [NotNullWhen(true)] out JsonWebToken? token)
    {
        token = null;
        var parts = compact.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0) return false;
        if (!TryDecodeObject(parts[0], out var header) || !TryDecodeObject(parts[1], out var payload)) return false;
        if (!TryDecode(parts[2], out var signature)) return false;
        token = new JsonWebToken(header, payload, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature);
        return true;
    }

    public static bool TryDecode(string base64Url, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (!Base64Url.IsValid(base64Url)) return false;
        bytes = Base64Url.DecodeFromChars(base64Url);
        return true;
    }

    private static bool TryDecodeObject(string base64Url, out JsonElement element)
    {
        element = default;
        if (!TryDecode(base64Url, out var bytes)) return false;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return false;
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
