using OpenTelemetry.Exporter;

namespace SupportBot.Telemetry;

/// <summary>Section <c>Telemetry</c>. The standard OpenTelemetry and Application Insights variables work too (README).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The service name on every span, metric and log (<c>service.name</c>; Application Insights' cloud role).</summary>
    public string ServiceName { get; set; } = "SupportBot";

    public OtlpSettings Otlp { get; set; } = new();

    /// <summary>How often the outbox gauges are read from storage (while an exporter listens).</summary>
    public TimeSpan OutboxSampleInterval { get; set; } = TimeSpan.FromSeconds(30);

    public sealed class OtlpSettings
    {
        /// <summary>Base URL of an OTLP receiver (the collector); the signal paths /v1/traces, /v1/metrics, /v1/logs are appended for HTTP.</summary>
        public string? Endpoint { get; set; }

        public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.HttpProtobuf;
    }
}
