using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.Connector;

/// <summary>The retry budget for Connector calls, bound from the <c>Connector</c> section.</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connector";

    /// <summary>Tries in all, the first one included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First backoff when the answer has no Retry-After; doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single backoff the bot picks itself (a Retry-After may ask for more, within the total).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Most time one call may spend waiting between tries; a wait that would exceed it is not made.</summary>
    public TimeSpan MaxTotalDelay { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Retries Connector calls the channel asks to retry: 412, 429, 502, 503, 504 only (PROTOCOL.md §2), waiting
/// Retry-After when given (seconds or an HTTP date), else exponential backoff with jitter. Never retries
/// 400/401/403/404/413/500; when the budget is spent the last answer goes back to the caller, which turns it
/// into a <see cref="ConnectorException"/>. Waits run on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class ConnectorRetryHandler(IOptions<ConnectorOptions> options, [FromKeyedServices(ConnectorRetryHandler.ClockKey)] TimeProvider time,
    ILogger<ConnectorRetryHandler> logger) : DelegatingHandler
{
    /// <summary>The keyed <see cref="TimeProvider"/> the waits use (tests swap in one that does not sleep).</summary>
    public const string ClockKey = "connector-retry";

    // PROTOCOL.md §2 "Retry guidance": retry ONLY 412, 429, 502, 503, 504.
    private static readonly HashSet<HttpStatusCode> Retryable =
    [
        HttpStatusCode.PreconditionFailed,
        HttpStatusCode.TooManyRequests,
        HttpStatusCode.BadGateway,
        HttpStatusCode.ServiceUnavailable,
        HttpStatusCode.GatewayTimeout,
    ];

    public static bool IsRetryable(HttpStatusCode status) => Retryable.Contains(status);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!IsRetryable(response.StatusCode) || attempt >= settings.MaxAttempts) return response;

            var delay = RetryAfter(response) ?? Backoff(attempt, settings);
            if (waited + delay > settings.MaxTotalDelay)
            {
                logger.LogWarning("Connector {Method} {Path} answered {Status}; not waiting {Delay} more (budget {Budget} spent {Waited})",
                    request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, delay, settings.MaxTotalDelay, waited);
                return response;
            }

            logger.LogInformation("Connector {Method} {Path} answered {Status}; retry {Attempt} in {Delay}",
                request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, attempt, delay);
            response.Dispose();
            await Task.Delay(delay, time, cancellationToken);
            waited += delay;
        }
    }

    /// <summary>The wait the channel asked for, if any (delta seconds or an HTTP date).</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Exponential backoff with "equal jitter": half fixed, half random, capped at MaxDelay.</summary>
    private static TimeSpan Backoff(int attempt, ConnectorOptions settings)
    {
        var exponential = settings.BaseDelay * Math.Pow(2, attempt - 1);
        var capped = exponential < settings.MaxDelay ? exponential : settings.MaxDelay;
        return capped / 2 + capped / 2 * Random.Shared.NextDouble();
    }
}
