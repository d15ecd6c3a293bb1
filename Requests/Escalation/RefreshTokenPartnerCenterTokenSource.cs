using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace SupportBot.Requests.Escalation;

public sealed class PartnerCenterAuthOptions
{
    public const string Section = "Requests:PartnerCenterApi:Auth";

    // PROTOCOL.md §3.1: the 21Vianet Entra login host.
    public string Authority { get; set; } = "https://login.partner.microsoftonline.cn";

    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>A refresh token of the partner user the bot files as (Partner Center's secure application model).</summary>
    public string? RefreshToken { get; set; }

    /// <summary>The delegated scope; the API base plus /user_impersonation.</summary>
    public string Scope { get; set; } = PartnerCenterApiOptions.ChinaBaseUrl + "/user_impersonation";
}

/// <summary>
/// App+User token for the Partner Center API from a stored refresh token (the service-request operations accept
/// App+User credentials only), cached until shortly before it expires.
/// </summary>
public sealed class RefreshTokenPartnerCenterTokenSource(HttpClient http, IOptions<PartnerCenterAuthOptions> options, TimeProvider time) : IPartnerCenterTokenSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && time.GetUtcNow() < _expires) return _token;
            var settings = options.Value;
            if (string.IsNullOrEmpty(settings.TenantId) || string.IsNullOrEmpty(settings.ClientId) || string.IsNullOrEmpty(settings.RefreshToken))
                throw new InvalidOperationException("Requests:PartnerCenterApi:Auth needs TenantId, ClientId and RefreshToken.");

            using var response = await http.PostAsync($"{settings.Authority.TrimEnd('/')}/{settings.TenantId}/oauth2/v2.0/token",
                new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["client_id"] = settings.ClientId,
                    ["client_secret"] = settings.ClientSecret ?? "",
                    ["refresh_token"] = settings.RefreshToken,
                    ["scope"] = settings.Scope,
                }), cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new PartnerCenterApiException((int)response.StatusCode, "token endpoint refused the refresh token");
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new PartnerCenterApiException((int)response.StatusCode, "empty token response");
            _token = token.AccessToken;
            // Renew five minutes early so a request never leaves with a token about to expire.
            _expires = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn - 300));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
