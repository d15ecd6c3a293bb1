using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SupportBot.Requests.Queues;

/// <summary>The agents' queues that have no channel to post new requests in (neither configured nor captured).</summary>
public static class UnconfiguredQueues
{
    public static async Task<IReadOnlyList<AgentQueue>> FindAsync(QueueDirectory queues, CancellationToken cancellationToken)
    {
        var missing = new List<AgentQueue>();
        foreach (var queue in Enum.GetValues<AgentQueue>())
            if (!(await queues.GetAsync(queue, cancellationToken)).CanPost) missing.Add(queue);
        return missing;
    }

    public static string Describe(AgentQueue queue) =>
        $"The {queue} queue has no channel: set Support:Queues:{queue} (ChannelId, ServiceUrl, TenantId) or say \"use this channel for …\" "
        + "to the bot in the agents' channel. Its notifications wait until then.";
}

/// <summary>Degraded, naming each queue, while an agents' queue has no channel: requests are filed and kept, but no agent hears of them.</summary>
public sealed class QueueHealthCheck(QueueDirectory queues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = await UnconfiguredQueues.FindAsync(queues, cancellationToken);
        if (missing.Count == 0) return HealthCheckResult.Healthy("Every agents' queue has a channel.");
        return HealthCheckResult.Degraded(string.Join(" ", missing.Select(UnconfiguredQueues.Describe)),
            data: new Dictionary<string, object> { ["queuesWithoutChannel"] = missing.Select(queue => queue.ToString()).ToArray() });
    }
}

/// <summary>Says once at start which agents' queues have no channel (a warning, not a failure per request).</summary>
public sealed class QueueConfigurationReport(QueueDirectory queues, ILogger<QueueConfigurationReport> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            foreach (var queue in await UnconfiguredQueues.FindAsync(queues, stoppingToken))
                logger.LogWarning("{Problem}", UnconfiguredQueues.Describe(queue));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Storage down at start: readiness says so; this report is not worth a crash.
            logger.LogWarning("Could not check the agents' queues at start: {Error}", ex.Message);
        }
    }
}
