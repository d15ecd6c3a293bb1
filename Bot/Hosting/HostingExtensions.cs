using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.Hosting;

/// <summary>How the app runs on a platform: where it listens, what it believes of the proxy in front, its health.</summary>
public static class HostingExtensions
{
    /// <summary>Where <c>dotnet run</c> and the published app listen when nothing says otherwise (the Bot Framework
    /// tools' usual local port: Bot Framework Emulator and Agents Playground default to 3978).</summary>
    public const string DefaultUrl = "http://localhost:3978";

    /// <summary>
    /// Listening follows ASP.NET Core: <c>ASPNETCORE_URLS</c>/<c>DOTNET_URLS</c>, <c>--urls</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c>/<c>ASPNETCORE_HTTPS_PORTS</c> and <c>Kestrel:Endpoints</c> all work as documented;
    /// only when none of them is set does the app listen on <see cref="DefaultUrl"/> (instead of ASP.NET Core's
    /// localhost:5000), in <c>dotnet run</c> and in the published app alike. Also: forwarded headers from trusted
    /// proxies, <see cref="HostingOptions"/> validated at start, and the health checks behind /healthz/live and /healthz/ready.
    /// </summary>
    public static WebApplicationBuilder AddHostingConventions(this WebApplicationBuilder builder)
    {
        if (!IsListeningConfigured(builder.Configuration)) builder.WebHost.UseUrls(DefaultUrl);

        var services = builder.Services;
        services.AddOptions<HostingOptions>().Bind(builder.Configuration.GetSection(HostingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HostingOptions>, IConfiguration>((forwarded, hosting, configuration) =>
            ConfigureForwardedHeaders(forwarded, hosting.Value.ForwardedHeaders, configuration));
        services.AddBotHealthChecks();
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address, scheme and host.</summary>
    public static WebApplication UseHostingConventions(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.ForwardedHeaders.Enabled) app.UseForwardedHeaders();
        return app;
    }

    /// <summary>Any of ASP.NET Core's own ways to say where to listen (host settings <c>urls</c>, <c>http_ports</c>,
    /// <c>https_ports</c>, from environment or command line, or a <c>Kestrel:Endpoints</c> entry).</summary>
    public static bool IsListeningConfigured(IConfiguration configuration) =>
        new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions forwarded, ForwardedHeadersSettings settings, IConfiguration configuration)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        forwarded.ForwardLimit = settings.ForwardLimit;
        // Listed proxies replace ASP.NET Core's default (loopback only), so the list says exactly whom to believe.
        if (settings.KnownProxies.Count > 0 || settings.KnownNetworks.Count > 0)
        {
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
        }
        foreach (var proxy in settings.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in settings.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        // A forwarded host must pass the same AllowedHosts as a direct one (host filtering runs before this middleware).
        var allowedHosts = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (allowedHosts.Length > 0 && !allowedHosts.Contains("*"))
            foreach (var host in allowedHosts) forwarded.AllowedHosts.Add(host);
    }
}
