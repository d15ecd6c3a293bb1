using System.Security.Claims;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.Auth;

/// <summary>Which Azure cloud the bot is registered in; picks every login, token and metadata URL (PROTOCOL.md §3.1).</summary>
public enum BotCloud
{
    China,
    Public,
    USGov,
}

/// <summary>The bot's identity, bound from the "Bot" section. Secrets come from environment variables or user secrets.</summary>
public sealed class BotAuthOptions
{
    public const string Section = "Bot";

    public BotCloud Cloud { get; set; } = BotCloud.China;

    /// <summary>The Microsoft App ID; empty means local use: inbound auth is off and no outbound token is sent.</summary>
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    /// <summary>SingleTenant (default for new bots), MultiTenant or UserAssignedMSI (PROTOCOL.md §3.2).</summary>
    public string MicrosoftAppType { get; set; } = "SingleTenant";

    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>Accept Bot Framework Emulator tokens (development only; PROTOCOL.md §3.4).</summary>
    public bool EnableEmulatorTokens { get; set; }

    /// <summary>Overrides the cloud's channel OpenID metadata URL (tests point it at a local issuer).</summary>
    public string? OpenIdMetadataUrl { get; set; }

    /// <summary>Overrides the cloud's Entra login host for outbound tokens (tests point it at a local token endpoint).</summary>
    public string? LoginHost { get; set; }

    /// <summary>Overrides the cloud's channel token issuer.</summary>
    public string? ChannelTokenIssuer { get; set; }

    /// <summary>Overrides the Emulator OpenID metadata URL.</summary>
    public string? EmulatorOpenIdMetadataUrl { get; set; }

    /// <summary>Extra Emulator token issuers (the China ones are not in any SDK list: PROTOCOL.md §3.4).</summary>
    public List<string> EmulatorTokenIssuers { get; set; } = [];

    /// <summary>Extra serviceUrl hosts the bot may send its token to, beyond the cloud's list.</summary>
    public List<string> TrustedServiceUrlHosts { get; set; } = [];

    public bool IsAuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The app id without surrounding blanks; empty when authentication is off.</summary>
    public string AppId => MicrosoftAppId?.Trim() ?? "";
}

/// <summary>The outcome of checking an inbound request's token: 200 with the caller's claims, 401 or 403 with a reason.</summary>
public sealed record AuthenticationResult(int StatusCode, string? FailureReason, ClaimsIdentity? Identity)
{
    public bool Succeeded => StatusCode == 200;

    public static AuthenticationResult Anonymous { get; } = new(200, null, new ClaimsIdentity());

    public static AuthenticationResult Success(ClaimsIdentity identity) => new(200, null, identity);

    public static AuthenticationResult Unauthorized(string reason) => new(401, reason, null);

    public static AuthenticationResult Forbidden(string reason) => new(403, reason, null);
}

/// <summary>Validates the channel's JWT on an inbound activity (PROTOCOL.md §3.3).</summary>
public interface IInboundAuthenticator
{
    Task<AuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}
