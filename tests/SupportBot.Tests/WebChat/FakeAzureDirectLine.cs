using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.WebChat;

/// <summary>Azure Bot Service's Direct Line <c>tokens/generate</c> (PROTOCOL.md §6.2) on Kestrel 127.0.0.1:0, recording calls.</summary>
public sealed class FakeAzureDirectLine : IAsyncDisposable
{
    public const string Secret = "fake-azure-direct-line-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string? Authorization, string Body)> _calls = new();

    private FakeAzureDirectLine(WebApplication app) => _app = app;

    /// <summary>The Direct Line domain, path included, as DirectLineJS takes it.</summary>
    public string Domain { get; private set; } = "";

    public IReadOnlyList<(string? Authorization, string Body)> Calls => _calls.ToList();

    /// <summary>Answer tokens/generate with this status instead of a token.</summary>
    public int? FailWith { get; set; }

    public static async Task<FakeAzureDirectLine> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAzureDirectLine(app);
        app.MapPost("/v3/directline/tokens/generate", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var authorization = http.Request.Headers.Authorization.ToString();
            fake._calls.Enqueue((authorization, await reader.ReadToEndAsync()));
            if (fake.FailWith is { } status) return Results.Json(new { error = new { code = "BadArgument", message = "scripted" } }, statusCode: status);
            if (authorization != $"Bearer {Secret}") return Results.Json(new { error = new { code = "BadArgument", message = "bad secret" } }, statusCode: 403);
            return Results.Json(new { conversationId = "AzureConv-cn", token = "azure-conversation-token", expires_in = 3600 });
        });
        await app.StartAsync();
        fake.Domain = app.Urls.First() + "/v3/directline";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
