using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SupportBot.Bot.State;

namespace SupportBot.Bot.Hosting;

/// <summary>
/// <c>/healthz/live</c>: the process answers (no check runs; a platform restarts an instance that stops answering).
/// <c>/healthz/ready</c>: every check tagged <see cref="ReadyTag"/> (storage, outbox, queues): 200 while Healthy or
/// Degraded, 503 when Unhealthy, so a load balancer (App Service's health check) sends traffic only to an instance
/// that can serve it. Both answer JSON: the overall status and each check's status and description.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    public const string ReadyTag = "ready";

    /// <summary>A check that hangs (an unreachable database) answers Unhealthy after this, rather than never.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    public static IHealthChecksBuilder AddBotHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<StateStorageHealthCheck>("state-storage", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteJsonAsync });
        return endpoints;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Read by people and monitoring, served as JSON only: quotes and apostrophes stay as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Descriptions only: an exception's stack trace is for the log, not for whoever can reach the endpoint.
    private static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsJsonAsync(new
        {
            status = Name(report.Status),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = Name(entry.Value.Status),
                description = entry.Value.Description ?? entry.Value.Exception?.Message,
                data = entry.Value.Data.Count > 0 ? entry.Value.Data : null,
            }),
        }, Json);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <summary>The bot's state storage answers a read (which also creates its table on first use).</summary>
public sealed class StateStorageHealthCheck(IStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.ReadAsync(["healthz/probe"], cancellationToken);
            return HealthCheckResult.Healthy("State storage answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"State storage does not answer: {ex.Message}", ex);
        }
    }
}
