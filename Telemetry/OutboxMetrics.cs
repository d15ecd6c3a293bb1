using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SupportBot.Requests;

namespace SupportBot.Telemetry;

/// <summary>
/// The outbox as gauges: messages pending, failed for good, and the age of the oldest pending one. The values come
/// from a snapshot refreshed every <see cref="TelemetryOptions.OutboxSampleInterval"/>, and only while an exporter
/// listens, so collecting metrics never waits on the database and an instance without telemetry never queries it.
/// </summary>
public sealed class OutboxMetrics : BackgroundService
{
    private readonly IRequestStore _store;
    private readonly TimeProvider _time;
    private readonly IOptions<TelemetryOptions> _options;
    private readonly ILogger<OutboxMetrics> _logger;
    private readonly ObservableGauge<long> _pending;
    private Snapshot _snapshot = new(0, 0, null);

    private sealed record Snapshot(long Pending, long Failed, DateTimeOffset? OldestPendingAt);

    public OutboxMetrics(IMeterFactory meters, IRequestStore store, TimeProvider time, IOptions<TelemetryOptions> options, ILogger<OutboxMetrics> logger)
    {
        _store = store;
        _time = time;
        _options = options;
        _logger = logger;
        var meter = meters.Create(SupportMetrics.MeterName);
        _pending = meter.CreateObservableGauge("support.outbox.pending", () => _snapshot.Pending, "{message}", "Proactive messages waiting to be sent.");
        meter.CreateObservableGauge("support.outbox.failed", () => _snapshot.Failed, "{message}", "Proactive messages that failed for good.");
        meter.CreateObservableGauge("support.outbox.oldest_pending_age", OldestPendingAge, "s", "Age of the oldest message still waiting to be sent (0 when none waits).");
    }

    /// <summary>Reads the counts from the store now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var counts = await _store.CountOutboxAsync(cancellationToken);
        _snapshot = new Snapshot(counts.Pending, counts.Failed, counts.OldestPendingAt);
    }

    private double OldestPendingAge() =>
        _snapshot.OldestPendingAt is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest).TotalSeconds) : 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_pending.Enabled) await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning("Outbox metrics could not be read: {Error}", ex.Message);
            }
            try
            {
                await Task.Delay(_options.Value.OutboxSampleInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
