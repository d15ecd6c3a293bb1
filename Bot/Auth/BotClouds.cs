namespace SupportBot.Bot.Auth;

/// <summary>Every login, token, metadata and serviceUrl value of one Azure cloud (PROTOCOL.md §3.1).</summary>
public sealed record CloudSettings(
    BotCloud Cloud,
    string LoginHost,
    string ChannelAuthTenant,
    string OAuthScope,
    string ChannelTokenIssuer,
    string OpenIdMetadataUrl,
    string EmulatorOpenIdMetadataUrl,
    IReadOnlyList<string> EmulatorTokenIssuers,
    IReadOnlyList<string> ConnectorHosts)
{
    /// <summary>The managed-identity resource is the scope without <c>/.default</c> (PROTOCOL.md §3.2).</summary>
    public string OAuthResource => OAuthScope.EndsWith("/.default", StringComparison.Ordinal) ? OAuthScope[..^"/.default".Length] : OAuthScope;
}

/// <summary>The cloud table. Values are copied from PROTOCOL.md §3.1/§3.4; each line cites its row.</summary>
public static class BotClouds
{
    public static CloudSettings China { get; } = new(
        BotCloud.China,
        // PROTOCOL.md §3.1 "Entra login host" (how-to-deploy-china-cloud.md uses the partner host)
        LoginHost: "https://login.partner.microsoftonline.cn",
        // PROTOCOL.md §3.1 "Multi-tenant channel auth tenant"
        ChannelAuthTenant: "microsoftservices.partner.onmschina.cn",
        // PROTOCOL.md §3.1 "Outbound token scope"
        OAuthScope: "https://api.botframework.azure.cn/.default",
        // PROTOCOL.md §3.1 "Inbound channel token issuer"
        ChannelTokenIssuer: "https://api.botframework.azure.cn",
        // PROTOCOL.md §3.1 "Inbound OpenID metadata" (documented spelling, overridable by Bot:OpenIdMetadataUrl)
        OpenIdMetadataUrl: "https://login.botframework.azure.cn/v1/.well-known/openidconfiguration",
        // PROTOCOL.md §3.1 "Emulator OpenID metadata"
        EmulatorOpenIdMetadataUrl: "https://login.partner.microsoftonline.cn/a55a4d5b-9241-49b1-b4ff-befa8db00269/v2.0/.well-known/openid-configuration",
        // PROTOCOL.md §3.4: no SDK lists China Emulator issuers (UNCONFIRMED); add them with Bot:EmulatorTokenIssuers.
        EmulatorTokenIssuers: [],
        ConnectorHosts:
        [
            "frontend.botapi.msg.infra.teams.microsoftonline.cn", // PROTOCOL.md §3.1 "Teams serviceUrl host(s)" (China)
            "directline.botframework.azure.cn",                   // PROTOCOL.md §3.1 "Direct Line host" (China)
        ]);

    public static CloudSettings Public { get; } = new(
        BotCloud.Public,
        LoginHost: "https://login.microsoftonline.com", // PROTOCOL.md §3.1 "Entra login host"
        ChannelAuthTenant: "botframework.com", // PROTOCOL.md §3.1 "Multi-tenant channel auth tenant"
        OAuthScope: "https://api.botframework.com/.default", // PROTOCOL.md §3.1 "Outbound token scope"
        ChannelTokenIssuer: "https://api.botframework.com", // PROTOCOL.md §3.1 "Inbound channel token issuer"
        OpenIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration", // PROTOCOL.md §3.1 "Inbound OpenID metadata"
        // PROTOCOL.md §3.1 "Emulator OpenID metadata" (the SDK's common endpoint, which serves both Emulator tenants)
        EmulatorOpenIdMetadataUrl: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
        EmulatorTokenIssuers:
        [
            "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",                  // PROTOCOL.md §3.4 (v3.1, v1 token)
            "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",    // PROTOCOL.md §3.4 (v3.1, v2 token)
            "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",                  // PROTOCOL.md §3.4 (v3.2, v1 token)
            "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",    // PROTOCOL.md §3.4 (v3.2, v2 token)
        ],
        ConnectorHosts:
        [
            "smba.trafficmanager.net",                  // PROTOCOL.md §3.1 "Teams serviceUrl host(s)"
            "smba.onyx.prod.teams.trafficmanager.net",  // PROTOCOL.md §3.1 "Teams serviceUrl host(s)"
            "smba.infra.gcc.teams.microsoft.com",       // PROTOCOL.md §3.1 "Teams serviceUrl host(s)" (GCC)
            "directline.botframework.com",              // PROTOCOL.md §3.1 "Direct Line host"
            "europe.directline.botframework.com",       // PROTOCOL.md §3.1 "Direct Line host" (regional)
            "india.directline.botframework.com",        // PROTOCOL.md §3.1 "Direct Line host" (regional)
        ]);

    public static CloudSettings USGov { get; } = new(
        BotCloud.USGov,
        LoginHost: "https://login.microsoftonline.us", // PROTOCOL.md §3.1 "Entra login host"
        ChannelAuthTenant: "MicrosoftServices.onmicrosoft.us", // PROTOCOL.md §3.1 "Multi-tenant channel auth tenant"
        OAuthScope: "https://api.botframework.us/.default", // PROTOCOL.md §3.1 "Outbound token scope"
        ChannelTokenIssuer: "https://api.botframework.us", // PROTOCOL.md §3.1 "Inbound channel token issuer"
        OpenIdMetadataUrl: "https://login.botframework.azure.us/v1/.well-known/openidconfiguration", // PROTOCOL.md §3.1 "Inbound OpenID metadata"
        // PROTOCOL.md §3.1 "Emulator OpenID metadata"
        EmulatorOpenIdMetadataUrl: "https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration",
        EmulatorTokenIssuers:
        [
            "https://sts.windows.net/cab8a31a-1906-4287-a0d8-4eef66b95f6e/",               // PROTOCOL.md §3.4 (US Gov, v1 token)
            "https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0",  // PROTOCOL.md §3.4 (US Gov, v2 token)
        ],
        ConnectorHosts:
        [
            "smba.infra.gov.teams.microsoft.us",   // PROTOCOL.md §3.1 "Teams serviceUrl host(s)" (GCC High)
            "smba.infra.dod.teams.microsoft.us",   // PROTOCOL.md §3.1 "Teams serviceUrl host(s)" (DoD)
            "directline.botframework.azure.us",    // PROTOCOL.md §3.1 "Direct Line host"
        ]);

    public static CloudSettings For(BotCloud cloud) => cloud switch
    {
        BotCloud.China => China,
        BotCloud.Public => Public,
        BotCloud.USGov => USGov,
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "Unknown cloud."),
    };

    /// <summary>The cloud's values with the overrides from <c>Bot:</c> settings applied (tests, new endpoints).</summary>
    public static CloudSettings Resolve(BotAuthOptions options)
    {
        var cloud = For(options.Cloud);
        return cloud with
        {
            LoginHost = NonEmpty(options.LoginHost)?.TrimEnd('/') ?? cloud.LoginHost,
            ChannelTokenIssuer = NonEmpty(options.ChannelTokenIssuer) ?? cloud.ChannelTokenIssuer,
            OpenIdMetadataUrl = NonEmpty(options.OpenIdMetadataUrl) ?? cloud.OpenIdMetadataUrl,
            EmulatorOpenIdMetadataUrl = NonEmpty(options.EmulatorOpenIdMetadataUrl) ?? cloud.EmulatorOpenIdMetadataUrl,
            EmulatorTokenIssuers = [.. cloud.EmulatorTokenIssuers, .. options.EmulatorTokenIssuers.Where(i => !string.IsNullOrWhiteSpace(i))],
            ConnectorHosts = [.. cloud.ConnectorHosts, .. options.TrustedServiceUrlHosts.Where(h => !string.IsNullOrWhiteSpace(h))],
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
