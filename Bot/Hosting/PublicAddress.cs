using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.Hosting;

/// <summary>
/// This app's address as its clients reach it, for URLs it hands out: <see cref="HostingOptions.PublicBaseUrl"/> when
/// configured, otherwise the request's scheme, host and path base (after forwarded headers from a trusted proxy).
/// </summary>
public static class PublicAddress
{
    /// <summary><c>scheme://host[:port][/path]</c>, no trailing slash.</summary>
    public static string BaseUrl(HttpContext http) =>
        Configured(http) ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    /// <summary>The same address for a WebSocket: <c>wss</c> for https, <c>ws</c> for http.</summary>
    public static string WebSocketBaseUrl(HttpContext http)
    {
        var baseUrl = BaseUrl(http);
        return baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "wss://" + baseUrl["https://".Length..]
            : "ws://" + baseUrl["http://".Length..];
    }

    /// <summary>Whether a browser's Origin header is this app's: the configured public origin, or the origin the request itself was made to.</summary>
    public static bool IsOwnOrigin(HttpContext http, string origin) =>
        (Configured(http) is { } configured && string.Equals(origin, new Uri(configured).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        || string.Equals(origin, $"{http.Request.Scheme}://{http.Request.Host}", StringComparison.OrdinalIgnoreCase);

    private static string? Configured(HttpContext http) =>
        http.RequestServices.GetService<IOptions<HostingOptions>>()?.Value.NormalizedPublicBaseUrl;
}
