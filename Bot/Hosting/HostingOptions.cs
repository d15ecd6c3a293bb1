using System.Net;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.Hosting;

/// <summary>
/// The <c>Hosting</c> section: how the app sits behind the platform's front end (App Service, a reverse proxy).
/// Where it listens is NOT here: that is ASP.NET Core's own (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>,
/// <c>--urls</c>, <c>Kestrel:Endpoints</c>), see <see cref="HostingExtensions.AddHostingConventions"/>.
/// </summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>
    /// The address people and channels reach the bot at, e.g. <c>https://supportbot.contoso.cn</c> (a path is kept:
    /// <c>https://contoso.cn/bot</c>). When set, every URL the app hands out (the embedded Direct Line's domain and
    /// streamUrl, the serviceUrl of its activities) is built from it, never from the request's Host header. Empty:
    /// built from the request as seen after <see cref="ForwardedHeaders"/> from a trusted proxy.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary><see cref="PublicBaseUrl"/> without a trailing slash, or null when not set.</summary>
    public string? NormalizedPublicBaseUrl => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.Trim().TrimEnd('/');
}

/// <summary>
/// X-Forwarded-For/-Proto/-Host (what App Service's front end and common reverse proxies send) are applied only when
/// the connection comes from a known proxy: loopback while nothing is listed here, else exactly what is listed.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>IP addresses of proxies whose X-Forwarded-* headers are believed (e.g. <c>10.0.0.4</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) of such proxies, e.g. <c>10.0.0.0/8</c>; <c>0.0.0.0/0</c> and <c>::/0</c> trust every
    /// peer, right only where nothing but the front end can reach the app (App Service without public access to the worker).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in front of the app to unwind (entries of X-Forwarded-For taken from the right).</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>Refuses to start with a setting that would otherwise be ignored or misread at the first request.</summary>
public sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var problems = new List<string>();
        if (options.NormalizedPublicBaseUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0))
            problems.Add($"Hosting:PublicBaseUrl '{options.PublicBaseUrl}' must be an absolute http(s) URL without query, fragment or user info, e.g. https://supportbot.contoso.cn.");
        foreach (var proxy in options.ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            problems.Add($"Hosting:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
        foreach (var network in options.ForwardedHeaders.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            problems.Add($"Hosting:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8).");
        if (options.ForwardedHeaders.ForwardLimit < 1)
            problems.Add("Hosting:ForwardedHeaders:ForwardLimit must be at least 1.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
