using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SupportBot.Requests;
using SupportBot.Telemetry;

namespace SupportBot.Insights;

/// <summary>
/// The page's counts as OpenTelemetry metrics on the support meter (<see cref="SupportMetrics.MeterName"/>, exported
/// where telemetry is configured): conversations started and answers rated as counters, as they happen; the open
/// backlog and the open requests past a target per queue as gauges, refreshed from the store every minute (a
/// gauge's callback must not query a database on the exporter's thread).
/// </summary>
public sealed class InsightsMetrics
{
    private readonly Counter<long> _conversations;
    private readonly Counter<long> _ratings;
    private volatile IReadOnlyList<Measurement<long>> _backlog = [];
    private volatile IReadOnlyList<Measurement<long>> _breaching = [];

    public InsightsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SupportMetrics.MeterName);
        _conversations = meter.CreateCounter<long>("support.conversations.started", "{conversation}", "Conversations the bot met for the first time, by channel, role and language.");
        _ratings = meter.CreateCounter<long>("support.answers.rated", "{rating}", "Helpful / not helpful on a guide card or an agent's answer.");
        meter.CreateObservableGauge("support.requests.open", () => _backlog, "{request}", "Requests not yet resolved, closed or withdrawn, per queue.");
        meter.CreateObservableGauge("support.requests.past_target", () => _breaching, "{request}",
            "Requests of the last 30 days that missed their first-action or resolution target (Insights:Targets), per queue and target.");
    }

    public const string ChannelTag = "support.channel";
    public const string RoleTag = "support.role";
    public const string RatedTag = "support.rated";
    public const string HelpfulTag = "support.helpful";
    public const string TargetTag = "support.target";

    public void Recorded(InsightEvent insight)
    {
        switch (insight.Kind)
        {
            case InsightEventKind.ConversationStarted:
                _conversations.Add(1, new TagList { { ChannelTag, insight.Channel }, { RoleTag, insight.Role.ToString() }, { SupportTags.Language, insight.Language } });
                break;
            case InsightEventKind.AnswerRated:
                _ratings.Add(1, new TagList { { RatedTag, insight.Rated?.ToString() }, { HelpfulTag, insight.Helpful == true } });
                break;
        }
    }

    public void Refreshed(IReadOnlyDictionary<AgentQueue, int> open, IReadOnlyDictionary<(AgentQueue Queue, ServiceTarget Target), int> pastTarget)
    {
        _backlog = open.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>(SupportTags.Queue, SupportTags.QueueOf(pair.Key)))).ToList();
        _breaching = pastTarget.Select(pair => new Measurement<long>(pair.Value,
            new KeyValuePair<string, object?>(SupportTags.Queue, SupportTags.QueueOf(pair.Key.Queue)),
            new KeyValuePair<string, object?>(TargetTag, pair.Key.Target.ToString()))).ToList();
    }
}

/// <summary>Refreshes the gauges of <see cref="InsightsMetrics"/> from the store every minute.</summary>
public sealed class InsightsGaugeRefresher(IInsightsStore store, InsightsMetrics metrics, IOptions<ServiceTargets> targets, TimeProvider time, ILogger<InsightsGaugeRefresher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Insights: refreshing the request gauges failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var open = new Dictionary<AgentQueue, int>();
        var pastTarget = new Dictionary<(AgentQueue, ServiceTarget), int>();
        foreach (var queue in Enum.GetValues<AgentQueue>())
        {
            var scope = new InsightsScope(queue);
            open[queue] = (await store.BacklogAsync(new InsightsRange(today, today), scope, cancellationToken)).Single().Open;
            var timings = await store.TimingsAsync(new InsightsRange(today.AddDays(-30), today), scope, targets.Value, now, cancellationToken);
            pastTarget[(queue, ServiceTarget.FirstAction)] = timings.Sum(timing => timing.FirstActionBreaches);
            pastTarget[(queue, ServiceTarget.Resolution)] = timings.Sum(timing => timing.ResolutionBreaches);
        }
        metrics.Refreshed(open, pastTarget);
    }
}
