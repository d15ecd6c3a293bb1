using System.Reflection;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SupportBot.Bot.Telemetry;

namespace SupportBot.Telemetry;

public static class TelemetryServiceExtensions
{
    /// <summary>Standard variables: the OpenTelemetry exporter spec's and Application Insights' (README "Telemetry").</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    // Npgsql 8+ publishes its spans and metrics under this name (what Npgsql.OpenTelemetry's AddNpgsql() subscribes to).
    private const string NpgsqlTelemetryName = "Npgsql";

    /// <summary>
    /// The bot's metrics (always recorded: without a listener that costs next to nothing) and, when an OTLP endpoint
    /// or an Application Insights connection string is configured, OpenTelemetry traces, metrics and logs exported
    /// there. With neither, no OpenTelemetry provider is registered at all.
    /// </summary>
    public static IHostApplicationBuilder AddSupportTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.Configure<TelemetryOptions>(section);
        services.AddSingleton<SupportMetrics>();
        services.AddSingleton<OutboxMetrics>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxMetrics>());

        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlpEndpoint = NonEmpty(options.Otlp.Endpoint);
        var otlpFromEnvironment = NonEmpty(configuration[OtlpEndpointVariable]) is not null;
        var azureMonitor = NonEmpty(configuration[AzureMonitorConnectionStringVariable]);
        if (otlpEndpoint is null && !otlpFromEnvironment && azureMonitor is null) return builder;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: Version))
            .WithTracing(tracing => tracing
                .AddSource(BotTelemetry.ActivitySourceName, NpgsqlTelemetryName)
                // Health probes arrive every few seconds from App Service and load balancers: not worth a trace each.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(BotTelemetry.MeterName, SupportMetrics.MeterName, NpgsqlTelemetryName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            // Scopes carry the turn's CorrelationId, ChannelId and ConversationId (CorrelationLoggingMiddleware).
            .WithLogging(configureBuilder: null, configureOptions: logging =>
            {
                logging.IncludeScopes = true;
                logging.IncludeFormattedMessage = true;
            });

        if (otlpEndpoint is not null) telemetry.UseOtlpExporter(options.Otlp.Protocol, new Uri(otlpEndpoint));
        else if (otlpFromEnvironment) telemetry.UseOtlpExporter(); // reads every OTEL_EXPORTER_OTLP_* variable itself

        // The connection string names the ingestion endpoint (Azure China's is in the China cloud's connection string).
        if (azureMonitor is not null)
            telemetry
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(exporter => exporter.ConnectionString = azureMonitor))
                .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(exporter => exporter.ConnectionString = azureMonitor))
                .WithLogging(logging => logging.AddAzureMonitorLogExporter(exporter => exporter.ConnectionString = azureMonitor));
        return builder;
    }

    private static string? Version =>
        typeof(TelemetryServiceExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
