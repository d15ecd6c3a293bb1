using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.TestKit;

/// <summary>One export the receiver got.</summary>
public sealed record TelemetryPost(string Path, string? ContentType, int Bytes);

/// <summary>
/// A telemetry back end on 127.0.0.1 (real Kestrel) that accepts any POST: an OTLP/HTTP collector (/v1/traces,
/// /v1/metrics, /v1/logs, protobuf) or Application Insights' ingestion endpoint (/v2.1/track, JSON).
/// </summary>
public sealed class FakeTelemetryReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TelemetryPost> _posts = new();

    private FakeTelemetryReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<TelemetryPost> Posts => _posts.ToList();

    public static async Task<FakeTelemetryReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new FakeTelemetryReceiver(app);
        app.MapPost("/{**path}", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First();
        return receiver;
    }

    /// <summary>Waits until a POST to a path ending in <paramref name="pathSuffix"/> has arrived.</summary>
    public async Task<TelemetryPost> WaitForAsync(string pathSuffix, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (Posts.FirstOrDefault(p => p.Path.EndsWith(pathSuffix, StringComparison.Ordinal)) is { } post) return post;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No POST to *{pathSuffix}; got: {string.Join(", ", Posts.Select(p => p.Path))}");
            await Task.Delay(50);
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        _posts.Enqueue(new TelemetryPost(http.Request.Path.Value ?? "", http.Request.ContentType, (int)body.Length));
        // Application Insights answers with its item counts; an empty body is a valid (empty) OTLP protobuf response.
        return http.Request.Path.Value?.EndsWith("/track", StringComparison.Ordinal) == true
            ? Results.Json(new { itemsReceived = 1, itemsAccepted = 1, errors = Array.Empty<object>() })
            : Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
