namespace SupportBot.Recognition.Clu;

/// <summary>The Azure cloud the Language resource lives in; picks the endpoint host suffix.</summary>
public enum CluCloud
{
    China,
    Public,
    USGov,
}

/// <summary>
/// Bound from "Recognition:Clu". CLU is used only when an endpoint (or resource name), project, deployment and a
/// credential are all set; otherwise the embedded recognizer answers alone. The key comes from the environment
/// (<c>Recognition__Clu__Key</c>) or user secrets, never from appsettings.json.
/// </summary>
public sealed class CluOptions
{
    public const string Section = "Recognition:Clu";

    public CluCloud Cloud { get; set; } = CluCloud.China;

    /// <summary>Full endpoint, e.g. https://contoso-lang.cognitiveservices.azure.cn; wins over <see cref="ResourceName"/>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The resource's custom subdomain; the endpoint is composed for <see cref="Cloud"/> (China and Public).</summary>
    public string? ResourceName { get; set; }

    /// <summary>Case-sensitive, as deployed (PROTOCOL.md §8.1).</summary>
    public string? ProjectName { get; set; }

    /// <summary>Case-sensitive, as deployed (PROTOCOL.md §8.1).</summary>
    public string? DeploymentName { get; set; }

    public string? Key { get; set; }

    /// <summary>Use an Entra token (Azure.Core TokenCredential registered in DI) instead of the key.</summary>
    public bool UseEntraToken { get; set; }

    /// <summary>Token scope for <see cref="UseEntraToken"/>; defaults only for Public (China's is UNCONFIRMED, PROTOCOL.md §8.3).</summary>
    public string? TokenScope { get; set; }

    /// <summary>After this the call is abandoned and the embedded recognizer answers.</summary>
    public int TimeoutMs { get; set; } = 3000;

    public bool IsConfigured =>
        ResolveEndpoint() is not null
        && !string.IsNullOrWhiteSpace(ProjectName)
        && !string.IsNullOrWhiteSpace(DeploymentName)
        && (!string.IsNullOrWhiteSpace(Key) || (UseEntraToken && ResolveTokenScope() is not null));

    /// <summary>The endpoint to call, or null when neither <see cref="Endpoint"/> nor a composable resource name is set.</summary>
    public Uri? ResolveEndpoint()
    {
        if (!string.IsNullOrWhiteSpace(Endpoint))
            return Uri.TryCreate(Endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint) ? endpoint : null;
        if (string.IsNullOrWhiteSpace(ResourceName)) return null;
        return Cloud switch
        {
            // PROTOCOL.md §8.3 (docs.azure.cn private-link page: <name>.cognitiveservices.azure.cn)
            CluCloud.China => new Uri($"https://{ResourceName}.cognitiveservices.azure.cn/"),
            // PROTOCOL.md §8.1 (custom subdomain of the scope's host, cognitiveservices.azure.com)
            CluCloud.Public => new Uri($"https://{ResourceName}.cognitiveservices.azure.com/"),
            // Not in PROTOCOL.md: set Endpoint explicitly for US Government.
            _ => null,
        };
    }

    public string? ResolveTokenScope() =>
        !string.IsNullOrWhiteSpace(TokenScope) ? TokenScope
        // PROTOCOL.md §8.1 (Entra scope for Language resources, public cloud)
        : Cloud == CluCloud.Public ? "https://cognitiveservices.azure.com/.default"
        : null;
}
