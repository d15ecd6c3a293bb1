using System.Threading.Channels;
using SupportBot.Requests;

namespace SupportBot.Insights;

/// <summary>
/// Writes insight events and request facts as they happen, off the turn: callers queue (no I/O on the turn's path)
/// and one writer stores what is queued in one transaction per batch, a few milliseconds later. At start it backfills
/// the facts of requests changed while it was not running; at stop it writes what is still queued.
/// </summary>
public sealed class InsightsRecorder(IInsightsStore store, InsightsMetrics metrics, TimeProvider time, ILogger<InsightsRecorder> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private abstract record Item;
    private sealed record EventItem(InsightEvent Event) : Item;
    private sealed record FactsItem(RequestFacts Facts) : Item;
    private sealed record DeleteItem(string RequestId) : Item;
    private sealed record FlushItem(TaskCompletionSource Done) : Item;

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });

    public TimeProvider Time => time;

    public void Record(InsightEvent insight)
    {
        metrics.Recorded(insight);
        Enqueue(new EventItem(insight));
    }

    public void RequestChanged(ServiceRequest request) => Enqueue(new FactsItem(RequestFacts.From(request)));

    public void RequestDeleted(string requestId) => Enqueue(new DeleteItem(requestId));

    /// <summary>Completes once everything queued before the call is stored.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new FlushItem(done))) done.TrySetResult();
        return done.Task;
    }

    private void Enqueue(Item item)
    {
        if (!_queue.Writer.TryWrite(item)) logger.LogWarning("An insight was recorded after the recorder stopped; it is not stored.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var backfilled = await store.BackfillRequestsAsync(stoppingToken);
            if (backfilled > 0) logger.LogInformation("Insights: wrote the facts of {Count} requests changed while the recorder was not running.", backfilled);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Insights: the backfill of request facts failed; it runs again at the next start.");
        }

        // Not stoppingToken: at stop the queue is completed and drained, so what was recorded is stored.
        var reader = _queue.Reader;
        var batch = new List<Item>(MaxBatch);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
            await WriteWithRetryAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteWithRetryAsync(List<Item> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(batch);
                break;
            }
            catch (Exception error) when (attempt < 5 || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Insights: storing {Count} insights failed (attempt {Attempt}); retrying.", batch.Count, attempt);
                await Task.Delay(RetryDelay, time, CancellationToken.None);
            }
        }
        foreach (var flush in batch.OfType<FlushItem>()) flush.Done.TrySetResult();
    }

    private async Task WriteAsync(List<Item> batch)
    {
        var events = new List<InsightEvent>();
        var facts = new List<RequestFacts>();
        async Task WritePendingAsync()
        {
            await store.AppendAsync(events);
            await store.UpsertRequestsAsync(facts);
            events.Clear();
            facts.Clear();
        }
        foreach (var item in batch)
            switch (item)
            {
                case EventItem e: events.Add(e.Event); break;
                case FactsItem f: facts.Add(f.Facts); break;
                case DeleteItem d:
                    await WritePendingAsync();
                    await store.DeleteRequestAsync(d.RequestId);
                    break;
            }
        await WritePendingAsync();
    }
}
