using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Recognition;
using SupportBot.Recognition.Embedded;

namespace SupportBot.Tests.Recognition;

/// <summary>Training takes a few hundred milliseconds: train once per test class.</summary>
public sealed class TrainedRecognizer
{
    public EmbeddedRecognizer Embedded { get; } = EmbeddedRecognizer.Train(CluProject.LoadEmbedded());
}

/// <summary>The repository's files (the CLU project and the held-out split), found from the test's output folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string CluProjectPath => Path.Combine(Root, "Recognition", "clu", "SupportBot.clu.json");

    public static string HeldOutPath => Path.Combine(Root, "Recognition", "clu", "heldout.tsv");

    public static string FreshPath => Path.Combine(Root, "Recognition", "clu", "fresh.tsv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.csproj"))) return dir.FullName;
        throw new InvalidOperationException("SupportBot.csproj not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One request the fake CLU endpoint received.</summary>
public sealed record CluCall(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>A scripted answer: status, body, headers, and how long to wait before answering.</summary>
public sealed record CluReply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default);

/// <summary>
/// The analyze-conversations endpoint (PROTOCOL.md §8.1) on a real Kestrel at 127.0.0.1:0. Records every call;
/// answers scripted replies first, then the documented 200 response for the text it was sent.
/// </summary>
public sealed class FakeClu : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CluCall> _calls = new();
    private readonly ConcurrentQueue<CluReply> _replies = new();

    private FakeClu(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public IReadOnlyList<CluCall> Calls => _calls.ToList();

    /// <summary>Top intent of the default (documented) answer.</summary>
    public string TopIntent { get; set; } = SupportBot.Recognition.Intents.Performance;

    public void Reply(CluReply reply) => _replies.Enqueue(reply);

    public static async Task<FakeClu> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeClu(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Endpoint = app.Urls.First();
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        _calls.Enqueue(new CluCall(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));

        if (!_replies.TryDequeue(out var reply)) reply = new CluReply(200, DocumentedResponse(body));
        if (reply.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(reply.Delay, context.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body);
    }

    /// <summary>The 200 body of PROTOCOL.md §8.1, with a Product entity where the query mentions Outlook.</summary>
    private string DocumentedResponse(string requestBody)
    {
        using var request = System.Text.Json.JsonDocument.Parse(requestBody);
        var text = request.RootElement.GetProperty("analysisInput").GetProperty("conversationItem").GetProperty("text").GetString() ?? "";
        var at = text.IndexOf("Outlook", StringComparison.Ordinal);
        object[] entities = at < 0 ? [] :
        [
            new
            {
                category = "Product", text = "Outlook", offset = at, length = 7, confidenceScore = 1.0,
                extraInformation = new[] { new { extraInformationKind = "ListKey", key = "Outlook" } },
            },
        ];
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            kind = "ConversationResult",
            result = new
            {
                query = text,
                detectedLanguage = "zh-hans",
                prediction = new
                {
                    projectKind = "Conversation",
                    topIntent = TopIntent,
                    intents = new[]
                    {
                        new { category = TopIntent, confidenceScore = 0.91 },
                        new { category = "Connectivity", confidenceScore = 0.05 },
                        new { category = "None", confidenceScore = 0.0 },
                    },
                    entities,
                },
            },
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Collects log entries so a test can see that a fallback was logged.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string, string, Exception?)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}

/// <summary>A clock the test moves by hand (for 429 Retry-After pauses).</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The services as Program.cs registers them (AddIntentRecognition), with test settings and the shared trained model.</summary>
public static class RecognitionServices
{
    public static ServiceProvider Build(
        TrainedRecognizer trained, IDictionary<string, string?> settings, CollectingLoggerProvider? logs = null,
        TimeProvider? time = null, Action<IServiceCollection>? extra = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => { if (logs is not null) b.AddProvider(logs); });
        services.AddIntentRecognition(configuration);
        services.AddSingleton(trained.Embedded);
        if (time is not null) services.AddSingleton(time);
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static Dictionary<string, string?> CluSettings(string endpoint, int timeoutMs = 3000) => new()
    {
        ["Recognition:ConfidenceThreshold"] = "0.5",
        ["Recognition:Clu:Endpoint"] = endpoint,
        ["Recognition:Clu:ProjectName"] = "SupportBot",
        ["Recognition:Clu:DeploymentName"] = "production",
        ["Recognition:Clu:Key"] = "test-key-123",
        ["Recognition:Clu:TimeoutMs"] = timeoutMs.ToString(CultureInfo.InvariantCulture),
    };
}
