using System.Net;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Recognition;
using SupportBot.Recognition.Clu;

namespace SupportBot.Tests.Recognition;

public sealed class CluRecognizerTests(TrainedRecognizer trained) : IClassFixture<TrainedRecognizer>
{
    [Fact]
    public async Task Sends_the_documented_request_and_maps_the_documented_response()
    {
        await using var clu = await FakeClu.StartAsync();
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint));
        var text = "世纪互联的Outlook特别慢";

        var result = await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync(text, "zh-Hans", CancellationToken.None);

        var call = Assert.Single(clu.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/language/:analyze-conversations", call.Path);
        Assert.Equal("?api-version=2023-04-01", call.Query);
        Assert.Equal("test-key-123", call.Headers["Ocp-Apim-Subscription-Key"]);
        Assert.StartsWith("application/json", call.Headers["Content-Type"]);
        Assert.True(Guid.TryParse(call.Headers["Apim-Request-Id"], out _));
        Assert.False(call.Headers.ContainsKey("Authorization"));

        using var body = JsonDocument.Parse(call.Body);
        var root = body.RootElement;
        Assert.Equal("Conversation", root.GetProperty("kind").GetString());
        var item = root.GetProperty("analysisInput").GetProperty("conversationItem");
        Assert.Equal(text, item.GetProperty("text").GetString());
        Assert.Equal("zh-hans", item.GetProperty("language").GetString());
        Assert.Equal("text", item.GetProperty("modality").GetString());
        Assert.False(string.IsNullOrEmpty(item.GetProperty("id").GetString()));
        Assert.False(string.IsNullOrEmpty(item.GetProperty("participantId").GetString()));
        var parameters = root.GetProperty("parameters");
        Assert.Equal("SupportBot", parameters.GetProperty("projectName").GetString());
        Assert.Equal("production", parameters.GetProperty("deploymentName").GetString());
        Assert.Equal("Utf16CodeUnit", parameters.GetProperty("stringIndexType").GetString());

        Assert.Equal(RecognizerNames.Clu, result.Recognizer);
        Assert.Equal(Intents.Performance, result.TopIntent);
        Assert.Equal([0.91, 0.05, 0.0], result.Intents.Select(i => i.Score));
        Assert.True(result.IsConfident);
        var product = Assert.Single(result.Entities);
        Assert.Equal(("Product", "Outlook", 5, 7, "Outlook"), (product.Category, product.Text, product.Offset, product.Length, product.Value));
    }

    [Theory]
    [InlineData("en", "en-us")]
    [InlineData("zh-Hans", "zh-hans")]
    [InlineData("ja", "ja")]
    public async Task Maps_our_language_to_the_CLU_language(string language, string cluLanguage)
    {
        await using var clu = await FakeClu.StartAsync();
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint));

        await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("Outlook", language, CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(clu.Calls).Body);
        Assert.Equal(cluLanguage, body.RootElement.GetProperty("analysisInput").GetProperty("conversationItem").GetProperty("language").GetString());
    }

    [Fact]
    public async Task Without_a_key_sends_an_Entra_bearer_token_for_the_configured_scope()
    {
        await using var clu = await FakeClu.StartAsync();
        var settings = RecognitionServices.CluSettings(clu.Endpoint);
        settings["Recognition:Clu:Key"] = "";
        settings["Recognition:Clu:UseEntraToken"] = "true";
        settings["Recognition:Clu:TokenScope"] = "https://cognitiveservices.azure.cn/.default";
        var credential = new RecordingCredential();
        await using var services = RecognitionServices.Build(trained, settings, extra: s => s.AddSingleton<TokenCredential>(credential));

        var result = await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("Outlook が遅い", "ja", CancellationToken.None);

        Assert.Equal(RecognizerNames.Clu, result.Recognizer);
        var call = Assert.Single(clu.Calls);
        Assert.Equal("Bearer token-for-https://cognitiveservices.azure.cn/.default", call.Headers["Authorization"]);
        Assert.False(call.Headers.ContainsKey("Ocp-Apim-Subscription-Key"));
    }

    [Fact]
    public void Endpoint_is_composed_per_cloud_from_the_resource_name()
    {
        var china = new CluOptions { Cloud = CluCloud.China, ResourceName = "contoso-lang" };
        var isPublic = new CluOptions { Cloud = CluCloud.Public, ResourceName = "contoso-lang" };
        var usGov = new CluOptions { Cloud = CluCloud.USGov, ResourceName = "contoso-lang" };
        var explicitEndpoint = new CluOptions { Cloud = CluCloud.China, ResourceName = "ignored", Endpoint = "https://chinaeast2.api.cognitive.azure.cn" };

        Assert.Equal("https://contoso-lang.cognitiveservices.azure.cn/", china.ResolveEndpoint()?.ToString());
        Assert.Equal("https://contoso-lang.cognitiveservices.azure.com/", isPublic.ResolveEndpoint()?.ToString());
        Assert.Null(usGov.ResolveEndpoint());
        Assert.Equal("https://chinaeast2.api.cognitive.azure.cn/", explicitEndpoint.ResolveEndpoint()?.ToString());
        Assert.Equal("https://contoso-lang.cognitiveservices.azure.cn/language/:analyze-conversations?api-version=2023-04-01",
            new Uri(china.ResolveEndpoint()!, "language/:analyze-conversations?api-version=2023-04-01").ToString());
        // China's Entra scope is UNCONFIRMED (PROTOCOL.md §8.3): no default, so Entra alone does not configure CLU there.
        Assert.Null(new CluOptions { Cloud = CluCloud.China }.ResolveTokenScope());
        Assert.False(new CluOptions { Cloud = CluCloud.China, ResourceName = "x", ProjectName = "p", DeploymentName = "d", UseEntraToken = true }.IsConfigured);
        Assert.True(new CluOptions { Cloud = CluCloud.China, ResourceName = "x", ProjectName = "p", DeploymentName = "d", Key = "k" }.IsConfigured);
    }

    [Fact]
    public async Task Unconfigured_CLU_is_never_called_and_the_embedded_recognizer_answers()
    {
        await using var clu = await FakeClu.StartAsync();
        var settings = RecognitionServices.CluSettings(clu.Endpoint);
        settings["Recognition:Clu:Key"] = null;
        await using var services = RecognitionServices.Build(trained, settings);

        var result = await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("Outlook is really slow today", "en", CancellationToken.None);

        Assert.Empty(clu.Calls);
        Assert.Equal(RecognizerNames.Embedded, result.Recognizer);
        Assert.Equal(Intents.Performance, result.TopIntent);
    }

    [Fact]
    public async Task Timeout_falls_back_to_the_embedded_recognizer_and_is_logged()
    {
        await using var clu = await FakeClu.StartAsync();
        clu.Reply(new CluReply(200, "{}", Delay: TimeSpan.FromSeconds(10)));
        var logs = new CollectingLoggerProvider();
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint, timeoutMs: 200), logs);

        var result = await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("Teams 一直连不上服务器", "zh-Hans", CancellationToken.None);

        Assert.Single(clu.Calls);
        Assert.Equal(RecognizerNames.Embedded, result.Recognizer);
        Assert.Equal(Intents.Connectivity, result.TopIntent);
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(CompositeRecognizer)));
        Assert.Contains("timeout", warning.Message);
        Assert.True(Assert.IsType<CluException>(warning.Exception).IsTimeout);
    }

    [Fact]
    public async Task A_400_error_body_is_parsed_and_the_embedded_recognizer_answers()
    {
        await using var clu = await FakeClu.StartAsync();
        clu.Reply(new CluReply(400, """{"error":{"code":"InvalidArgument","message":"Invalid parameter: deploymentName","target":"deploymentName"}}"""));
        var logs = new CollectingLoggerProvider();
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint), logs);

        var result = await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("パートナー センターにサインインできない", "ja", CancellationToken.None);

        Assert.Equal(RecognizerNames.Embedded, result.Recognizer);
        Assert.Equal(Intents.PartnerCenterIssue, result.TopIntent);
        var error = Assert.IsType<CluException>(Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning).Exception);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Contains("Invalid parameter: deploymentName", error.Message);
    }

    [Fact]
    public async Task A_401_with_only_the_error_code_header_falls_back()
    {
        await using var clu = await FakeClu.StartAsync();
        clu.Reply(new CluReply(401, "", new Dictionary<string, string> { ["x-ms-error-code"] = "Unauthorized" }));
        var logs = new CollectingLoggerProvider();
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint), logs);

        var result = await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("where can I find my invoice", "en", CancellationToken.None);

        Assert.Equal(RecognizerNames.Embedded, result.Recognizer);
        Assert.Equal(Intents.Billing, result.TopIntent);
        var error = Assert.IsType<CluException>(Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning).Exception);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("Unauthorized", error.ErrorCode);
    }

    [Fact]
    public async Task A_429_falls_back_and_CLU_is_not_called_again_until_Retry_After_has_passed()
    {
        await using var clu = await FakeClu.StartAsync();
        clu.Reply(new CluReply(429, """{"error":{"code":"TooManyRequests","message":"Rate limit is exceeded."}}""",
            new Dictionary<string, string> { ["Retry-After"] = "30" }));
        var time = new ManualTimeProvider();
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint), time: time);
        var recognizer = services.GetRequiredService<IIntentRecognizer>();

        var throttled = await recognizer.RecognizeAsync("what's the status of my request", "en", CancellationToken.None);
        time.Now += TimeSpan.FromSeconds(29);
        var paused = await recognizer.RecognizeAsync("status of my ticket please", "en", CancellationToken.None);
        Assert.Single(clu.Calls);
        time.Now += TimeSpan.FromSeconds(2);
        var resumed = await recognizer.RecognizeAsync("status of my ticket please", "en", CancellationToken.None);

        Assert.Equal((RecognizerNames.Embedded, Intents.RequestStatus), (throttled.Recognizer, throttled.TopIntent));
        Assert.Equal(RecognizerNames.Embedded, paused.Recognizer);
        Assert.Equal(RecognizerNames.Clu, resumed.Recognizer);
        Assert.Equal(2, clu.Calls.Count);
    }

    [Fact]
    public async Task A_body_that_is_not_a_conversation_result_falls_back()
    {
        await using var clu = await FakeClu.StartAsync();
        clu.Reply(new CluReply(200, "<html>gateway</html>"));
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint));

        var result = await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("hello", "en", CancellationToken.None);

        Assert.Equal(RecognizerNames.Embedded, result.Recognizer);
        Assert.Equal(Intents.Greeting, result.TopIntent);
    }

    [Fact]
    public async Task Below_the_threshold_the_result_is_not_confident_and_offers_the_two_best_guesses()
    {
        await using var clu = await FakeClu.StartAsync();
        clu.Reply(new CluReply(200, """
            {"kind":"ConversationResult","result":{"query":"outlook","prediction":{"projectKind":"Conversation","topIntent":"None",
              "intents":[{"category":"None","confidenceScore":0.4},{"category":"SoftwareConfiguration","confidenceScore":0.35},
                         {"category":"Connectivity","confidenceScore":0.2},{"category":"Performance","confidenceScore":0.05}],"entities":[]}}}
            """));
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint));

        var result = await services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("outlook", "en", CancellationToken.None);

        Assert.Equal(RecognizerNames.Clu, result.Recognizer);
        Assert.False(result.IsConfident);
        Assert.Equal([Intents.SoftwareConfiguration, Intents.Connectivity], result.Alternatives.Select(a => a.Intent));
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_turned_into_a_fallback()
    {
        await using var clu = await FakeClu.StartAsync();
        clu.Reply(new CluReply(200, "{}", Delay: TimeSpan.FromSeconds(10)));
        await using var services = RecognitionServices.Build(trained, RecognitionServices.CluSettings(clu.Endpoint));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<IIntentRecognizer>().RecognizeAsync("hello", "en", cancel.Token));
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new($"token-for-{string.Join(" ", requestContext.Scopes)}", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
