using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Options;

namespace SupportBot.Recognition.Clu;

/// <summary>
/// Azure AI Language CLU over REST: <c>POST {endpoint}/language/:analyze-conversations?api-version=2023-04-01</c>
/// (PROTOCOL.md §8.1). Throws <see cref="CluException"/> on any failure; <see cref="CompositeRecognizer"/> falls back.
/// </summary>
public sealed class CluRecognizer : IIntentRecognizer
{
    public const string HttpClientName = "clu";

    // PROTOCOL.md §8.1 (query-model.md: GA api-version; path and key header)
    private const string ApiVersion = "2023-04-01";
    private const string AnalyzePath = "language/:analyze-conversations";
    private const string KeyHeader = "Ocp-Apim-Subscription-Key";
    private const string RequestIdHeader = "Apim-Request-Id";
    private const string ErrorCodeHeader = "x-ms-error-code";

    private readonly IHttpClientFactory _httpClients;
    private readonly CluOptions _options;
    private readonly TokenCredential? _credential;

    public CluRecognizer(IHttpClientFactory httpClients, IOptions<CluOptions> options, TokenCredential? credential = null) =>
        (_httpClients, _options, _credential) = (httpClients, options.Value, credential);

    public bool IsConfigured => _options.IsConfigured && (!string.IsNullOrWhiteSpace(_options.Key) || _credential is not null);

    public async Task<RecognitionResult> RecognizeAsync(string text, string language, CancellationToken cancellationToken)
    {
        if (!IsConfigured) throw new CluException("CLU is not configured (Recognition:Clu).");
        var endpoint = _options.ResolveEndpoint()!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(_options.TimeoutMs));

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, $"{AnalyzePath}?api-version={ApiVersion}"))
        {
            Content = JsonContent.Create(BuildRequest(text, language, _options), options: CluJson.Options),
        };
        request.Headers.Add(RequestIdHeader, Guid.NewGuid().ToString());
        try
        {
            await AuthorizeAsync(request, timeout.Token);
            using var response = await _httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode) throw await ErrorFromAsync(response, timeout.Token);
            var body = await response.Content.ReadFromJsonAsync<CluAnalyzeResponse>(CluJson.Options, timeout.Token);
            return ToResult(text, body);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CluException($"CLU did not answer within {_options.TimeoutMs} ms.", inner: e) { IsTimeout = true };
        }
        catch (HttpRequestException e)
        {
            throw new CluException($"CLU is unreachable: {e.Message}", e.StatusCode, inner: e);
        }
        catch (JsonException e)
        {
            throw new CluException($"CLU answered with a body that is not a conversation result: {e.Message}", inner: e);
        }
    }

    internal static CluAnalyzeRequest BuildRequest(string text, string language, CluOptions options) => new(
        Kind: "Conversation",
        AnalysisInput: new CluAnalysisInput(new CluConversationItem(
            Id: "1", ParticipantId: "user", Text: text, Language: CluLanguages.FromLanguage(language), Modality: "text")),
        Parameters: new CluParameters(
            ProjectName: options.ProjectName!,
            DeploymentName: options.DeploymentName!,
            // PROTOCOL.md §8.1 / §9.9: offsets in UTF-16 code units index .NET strings directly
            StringIndexType: "Utf16CodeUnit",
            Verbose: true,
            IsLoggingEnabled: false));

    private async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(_options.Key))
        {
            request.Headers.Add(KeyHeader, _options.Key);
            return;
        }
        var token = await _credential!.GetTokenAsync(new TokenRequestContext([_options.ResolveTokenScope()!]), cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
    }

    private static RecognitionResult ToResult(string text, CluAnalyzeResponse? body)
    {
        var prediction = body?.Result?.Prediction;
        if (body?.Kind != "ConversationResult" || prediction is null)
            throw new CluException($"CLU answered kind \"{body?.Kind}\" without a prediction.");
        if (prediction.ProjectKind is { } kind && kind != "Conversation")
            throw new CluException($"CLU project kind \"{kind}\" is not a Conversation project.");

        var intents = (prediction.Intents ?? [])
            .Select(i => new IntentScore(i.Category, i.ConfidenceScore))
            .OrderByDescending(i => i.Score)
            .ToList();
        if (intents.Count == 0) intents.Add(new IntentScore(prediction.TopIntent ?? Intents.None, 1.0));

        var entities = (prediction.Entities ?? [])
            .Where(e => e.Offset >= 0 && e.Length > 0 && e.Offset + e.Length <= text.Length) // never index past what the user typed
            .Select(e => new RecognizedEntity(
                e.Category,
                text.Substring(e.Offset, e.Length),
                e.Offset,
                e.Length,
                e.ExtraInformation?.FirstOrDefault(x => x.ExtraInformationKind == "ListKey")?.Key
                    ?? (e.Category == EntityCategories.SrId ? text.Substring(e.Offset, e.Length).ToUpperInvariant() : null)))
            .ToList();

        return new RecognitionResult { Text = text, Intents = intents, Entities = entities, Recognizer = RecognizerNames.Clu };
    }

    private static async Task<CluException> ErrorFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? code = null, message = null;
        try
        {
            var error = (await response.Content.ReadFromJsonAsync<CluErrorResponse>(CluJson.Options, cancellationToken))?.Error;
            (code, message) = (error?.Code, error?.Message);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not a JSON error body (gateways answer with HTML or nothing): the status and header still tell.
        }
        code ??= response.Headers.TryGetValues(ErrorCodeHeader, out var values) ? values.FirstOrDefault() : null;
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return new CluException(
            $"CLU answered {(int)response.StatusCode} {code}: {message ?? response.ReasonPhrase}",
            response.StatusCode, code, response.StatusCode == HttpStatusCode.TooManyRequests ? retryAfter : null);
    }
}
