using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SupportBot.Requests.Outbox;

/// <summary>When the <see cref="OutboxWorker"/> last showed life (a poll or a send), for /healthz/ready.</summary>
public sealed class OutboxWorkerHeartbeat(TimeProvider time)
{
    private long _lastBeatTicks = time.GetUtcNow().UtcTicks; // starting counts: the first poll follows the host's start

    /// <summary>Outbox:Enabled is false: nothing is sent on purpose.</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset LastBeat => new(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);

    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, time.GetUtcNow().UtcTicks);
}

/// <summary>The requests' storage answers a query on the outbox (which also creates the tables on first use, so a
/// Healthy answer means the schema is in place).</summary>
public sealed class RequestStorageHealthCheck(IRequestStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CountOutboxAsync(cancellationToken);
            return HealthCheckResult.Healthy("Request storage answers; its tables are in place.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Request storage does not answer: {ex.Message}", ex);
        }
    }
}

/// <summary>The outbox worker runs (Unhealthy when it has not polled for <see cref="OutboxOptions.WorkerStallTimeout"/>,
/// Degraded when disabled on purpose), and the oldest pending message is younger than <see cref="OutboxOptions.MaxPendingAge"/>.
/// An old message is Degraded, not Unhealthy: it waits for a channel (429s, an outage, a queue without a channel) that
/// taking this instance out of the load balancer would not bring back.</summary>
public sealed class OutboxHealthCheck(IRequestStore store, OutboxWorkerHeartbeat heartbeat, IOptions<OutboxOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var silence = now - heartbeat.LastBeat;
        if (!heartbeat.Disabled && silence > settings.WorkerStallTimeout)
            return HealthCheckResult.Unhealthy($"The outbox worker has not polled for {silence:g} (Outbox:WorkerStallTimeout {settings.WorkerStallTimeout:g}).");

        OutboxCounts counts;
        try
        {
            counts = await store.CountOutboxAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The outbox cannot be read: {ex.Message}", ex);
        }
        var age = counts.OldestPendingAt is { } oldest ? now - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["pending"] = counts.Pending,
            ["failed"] = counts.Failed,
            ["oldestPendingAgeSeconds"] = Math.Max(0, (int)age.TotalSeconds),
        };
        if (heartbeat.Disabled)
            return HealthCheckResult.Degraded("The outbox worker is disabled (Outbox:Enabled = false); messages stay stored.", data: data);
        if (age > settings.MaxPendingAge)
            return HealthCheckResult.Degraded($"The oldest pending outbox message is {age:g} old (Outbox:MaxPendingAge {settings.MaxPendingAge:g}).", data: data);
        return HealthCheckResult.Healthy($"The outbox worker runs; {counts.Pending} pending, {counts.Failed} failed.", data);
    }
}
