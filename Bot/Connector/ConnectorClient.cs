using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.Connector;

/// <summary>
/// Connector REST API v3 over HttpClient (PROTOCOL.md §2). Paths are built from the serviceUrl, which may end
/// with a slash, and ids are escaped with Uri.EscapeDataString because Teams ids contain ':', '@', ';' and '='.
/// Authentication and retries are handlers of the HttpClient it is given.
/// </summary>
public sealed class ConnectorClient(HttpClient http, string serviceUrl) : IConnectorClient
{
    private readonly string _base = serviceUrl.TrimEnd('/');

    public string ServiceUrl { get; } = serviceUrl;

    public Task<ResourceResponse> SendToConversationAsync(string conversationId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, $"v3/conversations/{Escape(conversationId)}/activities", activity, cancellationToken);

    public Task<ResourceResponse> ReplyToActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Put, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, cancellationToken);

    public async Task DeleteActivityAsync(string conversationId, string activityId, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", null, cancellationToken);
    }

    public Task<ConversationResourceResponse> CreateConversationAsync(ConversationParameters parameters, CancellationToken cancellationToken = default) =>
        SendAsync<ConversationResourceResponse>(HttpMethod.Post, "v3/conversations", parameters, cancellationToken);

    public async Task<IReadOnlyList<ChannelAccount>> GetConversationMembersAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await SendAsync<List<ChannelAccount>>(HttpMethod.Get, $"v3/conversations/{Escape(conversationId)}/members", null, cancellationToken);

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) where T : new()
    {
        using var response = await SendRawAsync(method, path, body, cancellationToken);
        if (response.Content.Headers.ContentLength == 0) return new T();
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? new T() : JsonSerializer.Deserialize<T>(text, ProtocolJson.Options) ?? new T();
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, $"{_base}/{path}");
        if (body is not null)
        {
            // Serialised up front so the request has a Content-Length: a streamed JsonContent goes out chunked, in
            // several socket writes per message, which cost more CPU than the serialisation itself.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ProtocolJson.Options));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ToExceptionAsync(response, cancellationToken);
    }

    /// <summary>Reads the error leniently: the standard body, or Teams' non-standard one (PROTOCOL.md §2).</summary>
    private static async Task<ConnectorException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? code = null, message = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    code = error.TryGetProperty("code", out var c) ? c.ToString() : null;
                    message = error.TryGetProperty("message", out var m) ? m.ToString() : null;
                }
                else
                {
                    code = doc.RootElement.TryGetProperty("errorCode", out var c) ? c.ToString() : null;
                    message = doc.RootElement.TryGetProperty("message", out var m) ? m.ToString() : null;
                }
            }
        }
        catch (JsonException)
        {
            message = text.Length > 200 ? text[..200] : text;
        }
        var correlation = response.Headers.TryGetValues("X-Correlating-OperationId", out var values) ? values.FirstOrDefault() : null;
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return new ConnectorException(status, code, $"Connector answered {status} {code}: {message}", correlation,
            retryAfter is { } wait && wait > TimeSpan.Zero ? wait : null);
    }
}

/// <summary>Creates <see cref="ConnectorClient"/>s over the named HttpClient "connector", whose handlers add the token and retries.</summary>
public sealed class HttpConnectorClientFactory(IHttpClientFactory httpClients) : IConnectorClientFactory
{
    public const string HttpClientName = "connector";

    public IConnectorClient Create(string serviceUrl) => new ConnectorClient(httpClients.CreateClient(HttpClientName), serviceUrl);
}
