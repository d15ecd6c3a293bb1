namespace SupportBot.Requests.Outbox;

/// <summary>How the outbox worker polls and backs off, bound from <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Set false to stop sending (e.g. on a read-only instance); messages stay stored.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the worker looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages taken per poll; the worker keeps taking batches while they come full.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>First wait after a transient failure; doubles with each attempt (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait the worker picks itself; a channel's Retry-After may ask for more (up to <see cref="MaxRetryAfter"/>).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>One send may take this long before it counts as a (transient) timeout.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An error the worker does not recognise is retried this many times, then the message is marked failed.</summary>
    public int MaxUnexpectedErrors { get; set; } = 5;

    /// <summary>How often a message waiting for setup (a queue without a channel) is tried again; once the channel is
    /// configured or captured it goes out within this.</summary>
    public TimeSpan WaitingRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>/healthz/ready reports degraded while the oldest pending message is older than this.</summary>
    public TimeSpan MaxPendingAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>/healthz/ready reports unhealthy when the worker has not polled for this long (it hangs or died).</summary>
    public TimeSpan WorkerStallTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
