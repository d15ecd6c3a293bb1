using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace SupportBot.Knowledge;

/// <summary>
/// Azure OpenAI for generated answers (off unless <see cref="Endpoint"/> and <see cref="Deployment"/> are set).
/// The endpoint is the resource's: https://NAME.openai.azure.com, or in Azure operated by 21Vianet
/// https://NAME.openai.azure.cn. Authentication: <see cref="ApiKey"/> (the <c>api-key</c> header), else the host's
/// managed identity (a Bearer token for <see cref="TokenScope"/>). REST reference:
/// https://learn.microsoft.com/azure/ai-services/openai/reference (chat completions, api-key / Bearer).
/// </summary>
public sealed class GeneratedAnswerOptions
{
    public const string Section = "Knowledge:OpenAI";

    public string? Endpoint { get; set; }
    public string? Deployment { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>A user-assigned managed identity's client id; empty → the system-assigned identity (used when no key is set).</summary>
    public string? ManagedIdentityClientId { get; set; }
    public string ApiVersion { get; set; } = "2024-10-21";
    /// <summary>The token audience; default by cloud: cognitiveservices.azure.cn for *.azure.cn endpoints, else .com.</summary>
    public string? TokenScope { get; set; }
    /// <summary>Past this the person gets the article card instead: an answer must not hold up the chat.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(4);
    public int MaxTokens { get; set; } = 350;

    public bool IsConfigured => Uri.TryCreate(Endpoint, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(Deployment);

    public string ResolvedTokenScope => TokenScope is { Length: > 0 } scope ? scope
        : Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && uri.Host.EndsWith(".azure.cn", StringComparison.OrdinalIgnoreCase)
            ? "https://cognitiveservices.azure.cn/.default" : "https://cognitiveservices.azure.com/.default";
}

/// <summary>A generated answer: the text, and which of the articles it was given it cites ([1], [2] …).</summary>
public sealed record GeneratedAnswer(string Text, IReadOnlyList<Article> Cited);

/// <summary>
/// Writes a short answer from the top articles only, citing them by number. Plain HttpClient and System.Text.Json
/// rather than Azure.AI.OpenAI: the call is one POST of three fields, the package would bring the OpenAI SDK and
/// System.ClientModel for it, and managed identity already comes from MSAL (as for the bot's own tokens).
/// Any failure, a timeout, or an answer that cites nothing returns null: the caller shows the article card instead.
/// </summary>
public sealed class GeneratedAnswers(IHttpClientFactory httpClients, IOptions<GeneratedAnswerOptions> options, ILogger<GeneratedAnswers> logger)
{
    public const string HttpClientName = "azure-openai";

    private readonly Lazy<IManagedIdentityApplication> _identity = new(() => ManagedIdentityApplicationBuilder.Create(
        string.IsNullOrWhiteSpace(options.Value.ManagedIdentityClientId) ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.WithUserAssignedClientId(options.Value.ManagedIdentityClientId)).Build());

    public bool IsConfigured => options.Value.IsConfigured;

    public async Task<GeneratedAnswer?> AnswerAsync(string question, string language, IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured || articles.Count == 0) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            var url = $"{settings.Endpoint!.TrimEnd('/')}/openai/deployments/{Uri.EscapeDataString(settings.Deployment!)}/chat/completions?api-version={Uri.EscapeDataString(settings.ApiVersion)}";
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = JsonContent.Create(new ChatRequest(
                    [new("system", Instructions(language)), new("user", Prompt(question, articles))], settings.MaxTokens, 0.1), KnowledgeJson.Default.ChatRequest),
            };
            if (!string.IsNullOrWhiteSpace(settings.ApiKey)) request.Headers.Add("api-key", settings.ApiKey);
            else
            {
                var token = await _identity.Value.AcquireTokenForManagedIdentity(settings.ResolvedTokenScope.Replace("/.default", "", StringComparison.Ordinal))
                    .ExecuteAsync(timeout.Token);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            }
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Generated answer: Azure OpenAI answered {Status}; showing the article instead", (int)response.StatusCode);
                return null;
            }
            var body = await response.Content.ReadFromJsonAsync(KnowledgeJson.Default.ChatResponse, timeout.Token);
            var text = body?.Choices?.FirstOrDefault()?.Message?.Content?.Trim();
            if (string.IsNullOrEmpty(text) || text.Contains("NO_ANSWER", StringComparison.Ordinal)) return null;
            var cited = articles.Where((_, index) => text.Contains($"[{index + 1}]", StringComparison.Ordinal)).ToList();
            // Grounded or nothing: an answer that cites none of the articles is not shown.
            return cited.Count == 0 ? null : new GeneratedAnswer(text, cited);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Generated answer: no reply from Azure OpenAI within {Timeout}; showing the article instead", settings.Timeout);
            return null;
        }
        catch (Exception failure) when (failure is HttpRequestException or System.Text.Json.JsonException or MsalException or NotSupportedException)
        {
            logger.LogWarning(failure, "Generated answer failed; showing the article instead");
            return null;
        }
    }

    private static string Instructions(string language) =>
        "You answer support questions for Microsoft 365 operated by 21Vianet. Use ONLY the numbered articles given; " +
        "cite every sentence's article as [n]. Answer in at most 120 words, plain text, no markdown, no links. " +
        $"Write in {LanguageName(language)}. If the articles do not answer the question, reply exactly NO_ANSWER.";

    private static string LanguageName(string language) => language switch
    {
        Localization.Language.ChineseSimplified => "Simplified Chinese",
        Localization.Language.Japanese => "Japanese",
        _ => "English",
    };

    private static string Prompt(string question, IReadOnlyList<Article> articles)
    {
        var prompt = new StringBuilder();
        for (var i = 0; i < articles.Count; i++)
            prompt.Append('[').Append(i + 1).Append("] ").AppendLine(articles[i].Title).AppendLine(ArticleText.Plain(articles[i].Body)).AppendLine();
        prompt.Append("Question: ").Append(question);
        return prompt.ToString();
    }
}

public sealed record ChatMessage([property: JsonPropertyName("role")] string Role, [property: JsonPropertyName("content")] string Content);

public sealed record ChatRequest(
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages,
    [property: JsonPropertyName("max_tokens")] int MaxTokens,
    [property: JsonPropertyName("temperature")] double Temperature);

public sealed record ChatResponse([property: JsonPropertyName("choices")] IReadOnlyList<ChatChoice>? Choices);

public sealed record ChatChoice([property: JsonPropertyName("message")] ChatResponseMessage? Message);

public sealed record ChatResponseMessage([property: JsonPropertyName("content")] string? Content);

[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatResponse))]
internal sealed partial class KnowledgeJson : JsonSerializerContext;
