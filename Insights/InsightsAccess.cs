using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using SupportBot.Bot.Auth;
using SupportBot.Requests;

namespace SupportBot.Insights;

/// <summary>Who may see which desk's view, bound from <c>Insights:Access</c>. Object ids (the <c>oid</c> claim) of users or groups.</summary>
public sealed class InsightsAccessOptions
{
    public const string Section = "Insights:Access";

    /// <summary>The partner's helpdesk lead(s): see the helpdesk queue's requests.</summary>
    public DeskAccess PartnerHelpdesk { get; set; } = new();

    /// <summary>21Vianet's desk: see the 21Vianet queue's requests.</summary>
    public DeskAccess VianetDesk { get; set; } = new();

    /// <summary>The app registration people sign in with (Microsoft Entra ID). Without a ClientId there is no sign-in: only
    /// loopback callers in Development see the page.</summary>
    public EntraSignIn Entra { get; set; } = new();

    /// <summary>Test and sovereign-cloud override of the login host; empty = the host of <c>Bot:Cloud</c> (BotClouds, PROTOCOL.md §3.1).</summary>
    public string? Instance { get; set; }
}

public sealed class DeskAccess
{
    public List<string> Users { get; set; } = [];
    public List<string> Groups { get; set; } = [];

    public bool Allows(ClaimsPrincipal user)
    {
        var oid = user.FindFirst(ClaimConstants.ObjectId)?.Value ?? user.FindFirst(ClaimConstants.Oid)?.Value;
        if (oid is not null && Users.Contains(oid, StringComparer.OrdinalIgnoreCase)) return true;
        return user.FindAll("groups").Any(group => Groups.Contains(group.Value, StringComparer.OrdinalIgnoreCase));
    }
}

public sealed class EntraSignIn
{
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    /// <summary>With a secret the page signs in with the authorization code flow; without, with an ID token only (form post).</summary>
    public string? ClientSecret { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(TenantId);
}

/// <summary>Whose requests a viewer may see: the queues of the desks they are allowed.</summary>
public sealed record InsightsViewer(string Name, IReadOnlySet<AgentQueue> Queues)
{
    /// <summary>The view asked for (<c>?queue=</c>), else the only one allowed, else everything; null when not allowed.</summary>
    public InsightsScope? Scope(AgentQueue? asked)
    {
        if (asked is { } queue) return Queues.Contains(queue) ? new InsightsScope(queue) : null;
        if (Queues.Count == 1) return new InsightsScope(Queues.Single());
        return Queues.Count == Enum.GetValues<AgentQueue>().Length ? InsightsScope.Everything : null;
    }
}

public enum InsightsAccessDecision
{
    Allowed,
    /// <summary>Nobody signed in: 401 (API) or the sign-in redirect (page).</summary>
    SignInNeeded,
    /// <summary>Signed in, but not on a desk's list.</summary>
    Forbidden,
}

/// <summary>
/// The rule for /insights and /insights/api: in Development a loopback caller sees everything without signing in;
/// otherwise a person signed in with Microsoft Entra ID whose object id or group is on a desk's list sees that desk's
/// queue. Everyone else gets no data.
/// </summary>
public sealed class InsightsAccess(IOptions<InsightsAccessOptions> options, IHostEnvironment environment)
{
    public const string CookieScheme = "InsightsCookies";
    public const string SignInScheme = "InsightsOpenIdConnect";
    public const string CallbackPath = "/insights/signin-oidc";

    public bool SignInConfigured => options.Value.Entra.Configured;

    public async Task<(InsightsAccessDecision Decision, InsightsViewer? Viewer)> DecideAsync(HttpContext context)
    {
        if (environment.IsDevelopment() && IsLoopback(context.Connection))
            return (InsightsAccessDecision.Allowed, new InsightsViewer("", Enum.GetValues<AgentQueue>().ToHashSet()));
        if (!SignInConfigured) return (InsightsAccessDecision.SignInNeeded, null);
        var result = await context.AuthenticateAsync(CookieScheme);
        if (result.Principal is not { Identity.IsAuthenticated: true } user) return (InsightsAccessDecision.SignInNeeded, null);
        var queues = new HashSet<AgentQueue>();
        if (options.Value.PartnerHelpdesk.Allows(user)) queues.Add(AgentQueue.PartnerHelpdesk);
        if (options.Value.VianetDesk.Allows(user)) queues.Add(AgentQueue.VianetDesk);
        var name = user.FindFirst(ClaimConstants.PreferredUserName)?.Value ?? user.Identity?.Name ?? "";
        return queues.Count == 0 ? (InsightsAccessDecision.Forbidden, null) : (InsightsAccessDecision.Allowed, new InsightsViewer(name, queues));
    }

    // The connection's own address: forwarded headers only change it for a configured trusted proxy (Hosting options).
    private static bool IsLoopback(ConnectionInfo connection) => connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    /// <summary>Entra sign-in for the page (Microsoft.Identity.Web), when <c>Insights:Access:Entra</c> names an app registration.
    /// The login host follows <c>Bot:Cloud</c>: the China cloud's for 21Vianet (BotClouds, PROTOCOL.md §3.1).</summary>
    public static void AddSignIn(IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(InsightsAccessOptions.Section).Get<InsightsAccessOptions>() ?? new InsightsAccessOptions();
        if (!settings.Entra.Configured) return;
        var cloud = configuration.GetSection(BotAuthOptions.Section).Get<BotAuthOptions>()?.Cloud ?? new BotAuthOptions().Cloud;
        var instance = string.IsNullOrWhiteSpace(settings.Instance) ? BotClouds.For(cloud).LoginHost : settings.Instance;
        services.AddAuthentication(CookieScheme)
            .AddMicrosoftIdentityWebApp(identity =>
            {
                identity.Instance = instance.TrimEnd('/') + "/";
                identity.TenantId = settings.Entra.TenantId;
                identity.ClientId = settings.Entra.ClientId;
                identity.ClientSecret = settings.Entra.ClientSecret;
                identity.CallbackPath = CallbackPath;
                identity.ResponseType = string.IsNullOrWhiteSpace(settings.Entra.ClientSecret) ? "id_token" : "code";
                identity.ResponseMode = "form_post";
            }, cookies =>
            {
                cookies.Cookie.Name = "supportbot.insights";
                cookies.Cookie.Path = "/insights";
                cookies.Cookie.HttpOnly = true;
                cookies.Cookie.SameSite = SameSiteMode.Lax;
                cookies.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookies.ExpireTimeSpan = TimeSpan.FromHours(8);
            }, SignInScheme, CookieScheme);
        // A test's fake authority runs on plain http on 127.0.0.1; a real one is https (and then required).
        var https = instance.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        services.Configure<OpenIdConnectOptions>(SignInScheme, openIdConnect => openIdConnect.RequireHttpsMetadata = https);
    }

    public static Task ChallengeAsync(HttpContext context) =>
        context.ChallengeAsync(SignInScheme, new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString });
}
