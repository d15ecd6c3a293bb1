using System.Diagnostics;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;

namespace SupportBot.Bot.Telemetry;

/// <summary>
/// One span per turn (when something listens to <see cref="BotTelemetry.ActivitySourceName"/>) and the turn's count
/// and duration. It sits inside the error handler, so it sees the exception of a turn that fails before that is
/// answered with an apology.
/// </summary>
public sealed class TurnTelemetryMiddleware(TurnMetrics metrics) : ITurnMiddleware
{
    public Task OnTurnAsync(TurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken) =>
        // Nobody listens (no exporter, no test listener): the turn goes on as if this middleware were not there.
        metrics.Enabled || BotTelemetry.Source.HasListeners() ? MeasureAsync(turn, next, cancellationToken) : next(cancellationToken);

    private async Task MeasureAsync(TurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var channel = TurnTags.ChannelOf(activity);
        var type = TurnTags.TypeOf(activity);
        using var span = BotTelemetry.Source.StartActivity(TurnTags.SpanNameOf(type), ActivityKind.Internal);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TurnTags.Channel, channel);
            span.SetTag(TurnTags.ActivityType, type);
            if (activity.Name is { Length: > 0 and <= 100 } name) span.SetTag(TurnTags.ActivityName, name);
            if (activity.Conversation?.ConversationType is { Length: > 0 and <= 20 } conversationType) span.SetTag(TurnTags.ConversationType, conversationType);
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = TurnTags.Ok;
        try
        {
            await next(cancellationToken);
        }
        catch (Exception ex)
        {
            outcome = TurnTags.Error;
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            span?.AddException(ex);
            throw;
        }
        finally
        {
            metrics.Record(channel, type, outcome, Stopwatch.GetElapsedTime(started));
            span?.SetTag(TurnTags.Outcome, outcome);
            span?.SetTag(TurnTags.Replies, turn.SentActivities.Count);
        }
    }
}
