using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.Hosting;

/// <summary>
/// The <c>WebPage</c> section: who runs the web chat page. A partner deploys the bot for its own customers and puts its
/// name and logo in the page header; empty, the page stays neutral (the bot's name and initials).
/// </summary>
public sealed class PageBrandingOptions
{
    public const string Section = "WebPage";
    public const int MaxNameLength = 80;

    /// <summary>The partner's name as its customers know it, e.g. <c>Contoso IT Services</c>.</summary>
    public string? OperatorName { get; set; }

    /// <summary>The partner's logo: a path on this site (<c>/branding/logo.svg</c>, a file under wwwroot) or an https URL.</summary>
    public string? LogoUrl { get; set; }
}

/// <summary>Refuses to start with a name or logo the page could not show as given.</summary>
public sealed class PageBrandingOptionsValidator : IValidateOptions<PageBrandingOptions>
{
    public ValidateOptionsResult Validate(string? name, PageBrandingOptions options)
    {
        var problems = new List<string>();
        if (options.OperatorName is { } operatorName)
        {
            if (operatorName.Trim().Length > PageBrandingOptions.MaxNameLength)
                problems.Add($"WebPage:OperatorName is longer than {PageBrandingOptions.MaxNameLength} characters.");
            if (operatorName.Any(char.IsControl))
                problems.Add("WebPage:OperatorName contains control characters (line breaks, tabs…).");
        }
        if (!string.IsNullOrWhiteSpace(options.LogoUrl) && PageBranding.LogoPath(options.LogoUrl) is null)
            problems.Add($"WebPage:LogoUrl '{options.LogoUrl}' must be a path on this site (starting with one '/', e.g. /branding/logo.svg) or an https URL.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Serves the page's branding at <see cref="Path"/> (the page reads it when it loads; nothing secret in it).</summary>
public static class PageBranding
{
    public const string Path = "/api/branding";

    /// <summary>What the page is told: null fields mean "neutral".</summary>
    public sealed record Branding(string? OperatorName, string? LogoUrl);

    public static IServiceCollection AddPageBranding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PageBrandingOptions>().Bind(configuration.GetSection(PageBrandingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PageBrandingOptions>, PageBrandingOptionsValidator>();
        return services;
    }

    public static IEndpointRouteBuilder MapPageBranding(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (IOptions<PageBrandingOptions> options) => Results.Json(Of(options.Value)));
        return endpoints;
    }

    public static Branding Of(PageBrandingOptions options) => new(
        string.IsNullOrWhiteSpace(options.OperatorName) ? null : options.OperatorName.Trim(),
        string.IsNullOrWhiteSpace(options.LogoUrl) ? null : LogoPath(options.LogoUrl));

    /// <summary>The logo address as the page may load it (same site or https: the page's img-src), or null when it is neither.</summary>
    public static string? LogoPath(string logoUrl)
    {
        var trimmed = logoUrl.Trim();
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.Contains('\\')
            && Uri.TryCreate(trimmed, UriKind.Relative, out _)) return trimmed;
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.UserInfo.Length == 0 ? uri.AbsoluteUri : null;
    }
}
