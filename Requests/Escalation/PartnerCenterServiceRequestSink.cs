using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace SupportBot.Requests.Escalation;

public sealed class PartnerCenterApiOptions
{
    public const string Section = "Requests:PartnerCenterApi";

    // Partner-Center-PowerShell's ChinaPartnerCenterEndpoint; public: api.partnercenter.microsoft.com (Partner Center REST docs).
    public const string ChinaBaseUrl = "https://partner.partnercenterapi.microsoftonline.cn";
    public const string PublicBaseUrl = "https://api.partnercenter.microsoft.com";

    /// <summary>Turns the sink on; off by default (the built-in store sink is used).</summary>
    public bool Enabled { get; set; }

    /// <summary>The API base; the 21Vianet one unless set.</summary>
    public string BaseUrl { get; set; } = ChinaBaseUrl;

    /// <summary>Locale of the agent filing the request (the {agent-locale} path segment).</summary>
    public string AgentLocale { get; set; } = "zh-CN";

    /// <summary>Partner Center support topic id per request category (billing, customerSubscriptionManagement, technical, escalation).</summary>
    public Dictionary<string, string> SupportTopicIds { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A bearer token for the Partner Center API (App+User: the service-request operations need a user context).</summary>
public interface IPartnerCenterTokenSource
{
    Task<string> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Files requests through the Partner Center service-request REST API:
/// <c>POST {baseURL}/v1/servicerequests/{agent-locale}</c> to create, <c>GET {baseURL}/v1/servicerequests/{id}</c> for status
/// (learn.microsoft.com/partner-center/developer/create-a-service-request).
/// </summary>
public sealed class PartnerCenterServiceRequestSink(HttpClient http, IPartnerCenterTokenSource tokens, IOptions<PartnerCenterApiOptions> options) : IEscalationSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Name => "partnerCenterApi";

    public async Task<ExternalFiling> FileAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var topicKey = request.Kind == RequestKind.Escalation ? "escalation" : request.Form.GetValueOrDefault("category", "technical");
        if (!settings.SupportTopicIds.TryGetValue(topicKey, out var topicId))
            throw new InvalidOperationException($"No Partner Center support topic id configured for '{topicKey}' (Requests:PartnerCenterApi:SupportTopicIds).");

        var body = new PartnerCenterServiceRequest
        {
            Title = Truncate($"[{request.Id}] {request.Title}", 255),
            Description = Describe(request),
            Severity = request.Severity,
            SupportTopicId = topicId,
            PrimaryContact = new PartnerCenterContact
            {
                FirstName = request.Form.GetValueOrDefault("contactName"),
                Email = request.Form.GetValueOrDefault("email"),
                PhoneNumber = request.Form.GetValueOrDefault("phone"),
            },
        };
        using var message = await CreateMessageAsync(HttpMethod.Post, $"v1/servicerequests/{Uri.EscapeDataString(settings.AgentLocale)}", cancellationToken);
        message.Content = JsonContent.Create(body, options: Json);
        var created = await SendAsync(message, cancellationToken);
        return new ExternalFiling(created.Id, created.Status);
    }

    public async Task<string?> GetStatusAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        if (request.ExternalId is null) return null;
        using var message = await CreateMessageAsync(HttpMethod.Get, $"v1/servicerequests/{Uri.EscapeDataString(request.ExternalId)}", cancellationToken);
        return (await SendAsync(message, cancellationToken)).Status;
    }

    private async Task<HttpRequestMessage> CreateMessageAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(method, $"{options.Value.BaseUrl.TrimEnd('/')}/{path}");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // Partner Center REST headers: request and correlation ids for support, and the caller's locale.
        message.Headers.Add("MS-RequestId", Guid.NewGuid().ToString());
        message.Headers.Add("MS-CorrelationId", Guid.NewGuid().ToString());
        message.Headers.Add("X-Locale", options.Value.AgentLocale);
        return message;
    }

    private async Task<PartnerCenterServiceRequest> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        using var response = await http.SendAsync(message, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
            throw new PartnerCenterApiException((int)response.StatusCode, text.Length > 500 ? text[..500] : text);
        return JsonSerializer.Deserialize<PartnerCenterServiceRequest>(text, Json)
            ?? throw new PartnerCenterApiException((int)response.StatusCode, "empty body");
    }

    private static string Describe(ServiceRequest request)
    {
        var lines = new List<string> { $"SupportBot request {request.Id} ({request.Kind}), filed by {request.Requester.Name} ({request.Requester.Role})." };
        lines.AddRange(request.Form.Select(field => $"{field.Key}: {field.Value}"));
        if (request.SelfHelp is { } selfHelp)
            lines.Add($"Self-help tried: {selfHelp.GuideId} [{string.Join(", ", selfHelp.StepsShown)}] → {selfHelp.Answer}");
        return Truncate(string.Join('\n', lines), 8000);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private sealed class PartnerCenterServiceRequest
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Severity { get; set; }
        public string? SupportTopicId { get; set; }
        public string? Status { get; set; }
        public PartnerCenterContact? PrimaryContact { get; set; }
    }

    private sealed class PartnerCenterContact
    {
        public string? FirstName { get; set; }
        public string? Email { get; set; }
        public string? PhoneNumber { get; set; }
    }
}

public sealed class PartnerCenterApiException(int statusCode, string body)
    : Exception($"Partner Center API answered {statusCode}: {body}")
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Worth retrying later: throttled or a server-side fault.</summary>
    public bool IsTransient => StatusCode is 408 or 429 or >= 500;
}
