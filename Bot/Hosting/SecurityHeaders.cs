using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.Hosting;

/// <summary>The "SecurityHeaders" section: who may frame the web chat page and where else it may connect.</summary>
public sealed class SecurityHeadersOptions
{
    public const string Section = "SecurityHeaders";

    /// <summary>
    /// Sites that may frame the page besides itself (CSP <c>frame-ancestors</c> sources), e.g. a Teams tab's
    /// <c>https://teams.microsoft.com</c> or <c>https://*.teams.microsoft.cn</c>. Empty: only the page's own origin.
    /// </summary>
    public List<string> FrameAncestors { get; set; } = [];

    /// <summary>Origins the page may call besides its own (CSP <c>connect-src</c>), e.g. Azure's Direct Line.</summary>
    public List<string> ConnectSources { get; set; } = [];
}

/// <summary>
/// Headers on every response: <c>X-Content-Type-Options: nosniff</c>, a Content-Security-Policy that lets the page
/// run Web Chat from its own files and nothing injected, and framing only by itself and the configured ancestors
/// (<c>X-Frame-Options: SAMEORIGIN</c> too when there are none, for browsers without CSP).
/// </summary>
public static class SecurityHeaders
{
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityHeadersOptions>(configuration.GetSection(SecurityHeadersOptions.Section));
        return services;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<SecurityHeadersOptions>>().Value;
        var ancestors = string.Join(" ", ["'self'", .. options.FrameAncestors.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim())]);
        var connect = string.Join(" ", options.ConnectSources.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase));
        return app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = Policy(http.Request, ancestors, connect);
                if (options.FrameAncestors.Count == 0) headers.XFrameOptions = "SAMEORIGIN";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            await next(http);
        });
    }

    /// <summary>
    /// What Web Chat 4.18 needs, checked in Chromium (WebChatPageSecurityTests): its own script files, inline styles
    /// (it injects style elements), images from cards (https, data: and blob: URLs), and the Direct Line socket on the
    /// page's own host (ws/wss are listed: older browsers do not count them as 'self').
    /// </summary>
    private static string Policy(HttpRequest request, string ancestors, string connect)
    {
        var host = request.Host.Value;
        var sockets = string.IsNullOrEmpty(host) ? "" : $" wss://{host} ws://{host}";
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; "
            + "font-src 'self' data:; media-src 'self' data: blob:; "
            + $"connect-src 'self'{sockets}{(connect.Length > 0 ? " " + connect : "")}; "
            + $"frame-ancestors {ancestors}; base-uri 'self'; form-action 'self'; object-src 'none'";
    }
}
