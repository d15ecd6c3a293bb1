using Microsoft.Extensions.Options;
using SupportBot.Bot.Connector;
using SupportBot.Requests.Escalation;
using SupportBot.Bot.Logging;

namespace SupportBot.Requests.Outbox;

/// <summary>
/// Sends what the request store's outbox holds: polls for due messages, hands each to the sender of its kind and
/// marks it sent. A transient failure (429 with its Retry-After, 5xx, 412, timeouts, network errors) puts the
/// message back with an exponential, capped backoff, and it is kept until it goes out; a permanent one (400, 401,
/// 403 e.g. BotNotInConversationRoster, 404, 413) marks it failed with the error, logged and counted on /healthz; one
/// that waits for setup (a queue without a channel, <see cref="OutboxWaitingException"/>) stays pending and is looked at
/// again every <see cref="OutboxOptions.WaitingRecheckInterval"/>. Nothing is held in memory: a restart picks up
/// whatever is still pending. Each poll and each send beats <see cref="OutboxWorkerHeartbeat"/> for /healthz/ready.
/// </summary>
public sealed class OutboxWorker(
    IRequestStore store,
    IEnumerable<IOutboxSender> senders,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    OutboxWorkerHeartbeat heartbeat,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private readonly Dictionary<string, IOutboxSender> _senders = senders.ToDictionary(sender => sender.Kind, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            heartbeat.Disabled = true;
            logger.LogWarning("The outbox worker is disabled (Outbox:Enabled = false); proactive messages stay stored.");
            return;
        }
        // Let the host finish starting before the first poll.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Beat();
            try
            {
                while (await RunOnceAsync(stoppingToken) >= settings.BatchSize && !stoppingToken.IsCancellationRequested) { }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Outbox poll failed; trying again in {Interval}", settings.PollInterval);
            }
            try
            {
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Sends one batch of due messages; returns how many were due.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueOutboxAsync(time.GetUtcNow(), options.Value.BatchSize, cancellationToken);
        foreach (var message in due)
        {
            if (cancellationToken.IsCancellationRequested) break;
            heartbeat.Beat();
            await DispatchAsync(message, cancellationToken);
        }
        return due.Count;
    }

    private async Task DispatchAsync(OutboxMessage message, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var attempts = message.Attempts + 1;
        try
        {
            if (!_senders.TryGetValue(message.Kind, out var sender))
                throw new OutboxPermanentException($"No sender for outbox kind '{message.Kind}'.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.SendTimeout);
            await sender.SendAsync(message, timeout.Token);
            await store.SaveOutboxAsync(message with { Status = OutboxStatus.Sent, Attempts = attempts, LastError = null }, stoppingToken);
            logger.LogInformation("Outbox {Kind} {Id} for {RequestId} sent (attempt {Attempt})", message.Kind, message.Id, message.RequestId, attempts);
        }
        catch (OutboxWaitingException waiting) when (!stoppingToken.IsCancellationRequested)
        {
            // Setup, not a failure: no attempt counted, no stack trace, and one line per message rather than per look.
            if (message.LastError != waiting.Message)
                logger.LogInformation("Outbox {Kind} {Id} for {RequestId} waits: {Reason}", message.Kind, message.Id, message.RequestId, waiting.Message);
            await store.SaveOutboxAsync(message with { LastError = waiting.Message, NextAttemptAt = time.GetUtcNow() + settings.WaitingRecheckInterval }, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            var failure = Classify(ex);
            var error = Describe(ex);
            if (failure.Permanent || (failure.Unexpected && attempts >= settings.MaxUnexpectedErrors))
            {
                await store.SaveOutboxAsync(message with { Status = OutboxStatus.Failed, Attempts = attempts, LastError = error }, stoppingToken);
                logger.LogError(ex, "Outbox {Kind} {Id} for {RequestId} failed for good after {Attempts} attempt(s): {Error}",
                    message.Kind, message.Id, message.RequestId, attempts, LogValue.Quote(error, 500));
                return;
            }
            var delay = Backoff(attempts, failure.RetryAfter, settings);
            await store.SaveOutboxAsync(message with
            {
                Attempts = attempts,
                LastError = error,
                NextAttemptAt = time.GetUtcNow() + delay,
            }, stoppingToken);
            logger.LogWarning("Outbox {Kind} {Id} for {RequestId} attempt {Attempt} failed ({Error}); retrying in {Delay}",
                message.Kind, message.Id, message.RequestId, attempts, LogValue.Quote(error, 500), delay);
        }
    }

    private sealed record Failure(bool Permanent, TimeSpan? RetryAfter = null, bool Unexpected = false);

    // PROTOCOL.md §2 "Retry guidance": 412, 429 and 5xx gateways are worth another try; 400/401/403/404/413 never are.
    // The connector's own handler already retried 412/429/502/503/504 briefly; here the wait is minutes, so 500 is
    // retried too (Teams' ServiceError is often transient at that scale), and the message is never dropped.
    private static Failure Classify(Exception exception) => exception switch
    {
        OutboxPermanentException or RequestNotFoundException => new(Permanent: true),
        ConnectorException connector => new(Permanent: !(connector.StatusCode is 408 or 412 or 429 or >= 500), connector.RetryAfter),
        PartnerCenterApiException partnerCenter => new(Permanent: !partnerCenter.IsTransient),
        HttpRequestException or TimeoutException or OperationCanceledException => new(Permanent: false),
        _ => new(Permanent: false, Unexpected: true),
    };

    private static string Describe(Exception exception)
    {
        var text = exception is ConnectorException { ErrorCode: { } code } connector
            ? $"{connector.StatusCode} {code}: {connector.Message}"
            : $"{exception.GetType().Name}: {exception.Message}";
        return text.Length > 500 ? text[..500] : text;
    }

    /// <summary>Retry-After when the channel gave one (capped), else exponential backoff with equal jitter.</summary>
    private static TimeSpan Backoff(int attempts, TimeSpan? retryAfter, OutboxOptions settings)
    {
        var exponential = settings.BaseBackoff * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = exponential < settings.MaxBackoff ? exponential : settings.MaxBackoff;
        var jittered = capped / 2 + capped / 2 * Random.Shared.NextDouble();
        if (retryAfter is { } asked) return asked > settings.MaxRetryAfter ? settings.MaxRetryAfter : (asked > jittered ? asked : jittered);
        return jittered;
    }
}

/// <summary>GET /healthz: the outbox's state. Always HTTP 200: a failed message is one conversation's problem
/// (a user who blocked the bot, a channel it was removed from), not this instance's; answering 503 would make a
/// load balancer or orchestrator pull or restart a healthy instance, which fixes nothing. Monitoring alerts on
/// <c>status: degraded</c> instead.</summary>
public static class OutboxHealth
{
    public static async Task<IResult> GetAsync(IRequestStore store, CancellationToken cancellationToken)
    {
        var counts = await store.CountOutboxAsync(cancellationToken);
        return Results.Ok(new
        {
            status = counts.Failed > 0 ? "degraded" : "ok",
            outbox = new { pending = counts.Pending, failed = counts.Failed },
        });
    }
}
