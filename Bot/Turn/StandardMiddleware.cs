using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Logging;
using SupportBot.Bot.State;

namespace SupportBot.Bot.Turn;

/// <summary>Puts the activity's ids into every log line of the turn, so one turn can be followed across logs.</summary>
public sealed class CorrelationLoggingMiddleware(ILogger<CorrelationLoggingMiddleware> logger) : ITurnMiddleware
{
    public async Task OnTurnAsync(TurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var correlationId = activity.Id ?? Guid.NewGuid().ToString("N");
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            // Ids the caller chose: quoted, so a scope printed with the line cannot break it (LogValue).
            ["CorrelationId"] = LogValue.Quote(correlationId),
            ["ChannelId"] = LogValue.Quote(activity.ChannelId),
            ["ConversationId"] = LogValue.Quote(activity.Conversation?.Id),
        });
        var started = TimeProvider.System.GetTimestamp();
        // Guarded: the arguments are boxed into an array before the logger can say Debug is off.
        var debug = logger.IsEnabled(LogLevel.Debug);
        if (debug) logger.LogDebug("Turn {Type} {Name} started", LogValue.Quote(activity.Type), LogValue.Quote(activity.Name));
        await next(cancellationToken);
        if (debug)
            logger.LogDebug("Turn {Type} finished in {Elapsed} ms, {Sent} sent", LogValue.Quote(activity.Type),
                TimeProvider.System.GetElapsedTime(started).TotalMilliseconds, turn.SentActivities.Count);
    }
}

public sealed class TypingIndicatorOptions
{
    /// <summary>How long a turn may run before the user sees "typing…".</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);

    // Clients show typing for about 3 s; resend a little sooner to avoid gaps (PROTOCOL.md §1.3, §4.6).
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(2.5);
}

/// <summary>Shows "typing…" during slow message turns, until the first reply goes out.</summary>
public sealed class TypingIndicatorMiddleware(IOptions<TypingIndicatorOptions> options, ILogger<TypingIndicatorMiddleware> logger) : ITurnMiddleware
{
    public async Task OnTurnAsync(TurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        if (!turn.Activity.IsType(ActivityTypes.Message) || turn.Activity.DeliveryMode == DeliveryModes.ExpectReplies)
        {
            await next(cancellationToken);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSending(Activity sent)
        {
            if (!sent.IsType(ActivityTypes.Typing)) stop.Cancel();
        }
        turn.Sending += OnSending;
        var typing = SendTypingAsync(turn, options.Value, stop.Token);
        try
        {
            await next(cancellationToken);
        }
        finally
        {
            turn.Sending -= OnSending;
            await stop.CancelAsync();
            await typing;
        }
    }

    private async Task SendTypingAsync(TurnContext turn, TypingIndicatorOptions settings, CancellationToken stop)
    {
        try
        {
            // Most turns answer before the delay: waiting without throwing spares every one of them an exception.
            await Task.Delay(settings.Delay, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (!stop.IsCancellationRequested)
            {
                await turn.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, stop);
                await Task.Delay(settings.Period, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException)
        {
            // The turn answered or ended.
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Typing indicator could not be sent");
        }
    }
}

/// <summary>The user-facing text for a turn that failed, in the user's language; supplied by the application.</summary>
public interface ITurnErrorReply
{
    Activity Create(TurnContext turn);

    /// <summary>
    /// The conversation's turns failed twice in a row: end what it was doing in <paramref name="saved"/> (its state as
    /// last saved, before the failed turns) so the next message starts afresh, and return what to tell the person.
    /// </summary>
    Activity EndAfterRepeatedFailure(TurnContext turn, TurnState saved);
}

/// <summary>How many turns of a conversation failed in a row (conversation state).</summary>
public sealed class FailedTurns
{
    public const string StateProperty = "failedTurns";

    public int Count { get; set; }
}

/// <summary>
/// Catches what a turn throws: logs it, tells the user something went wrong, and lets the HTTP call succeed. A
/// conversation whose turns fail twice in a row has what it was doing ended (<see cref="ITurnErrorReply.EndAfterRepeatedFailure"/>),
/// so a dialog that throws on every turn does not keep the person in a loop.
/// </summary>
public sealed class ErrorHandlerMiddleware(ITurnErrorReply errorReply, ILogger<ErrorHandlerMiddleware> logger, TurnStateStore? stateStore = null) : ITurnMiddleware
{
    public const int FailuresBeforeEnding = 2;

    public async Task OnTurnAsync(TurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        try
        {
            // A turn that gets through clears the count (saved with its state); a failed one leaves the stored count as it was.
            if (turn.State.Conversation.Find<FailedTurns>(FailedTurns.StateProperty) is not null) turn.State.Conversation.Remove(FailedTurns.StateProperty);
            await next(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Turn failed for {Type} activity {Id} in {ConversationId}",
                LogValue.Quote(turn.Activity.Type), LogValue.Quote(turn.Activity.Id), LogValue.Quote(turn.Activity.Conversation?.Id));
            if (turn.Activity.IsType(ActivityTypes.Invoke))
            {
                // A Universal Action is always answered 200, its outcome in statusCode (PROTOCOL.md §4.3).
                turn.InvokeResponse ??= turn.Activity.Name == InvokeNames.AdaptiveCardAction
                    ? InvokeResponse.Ok(new AdaptiveCardInvokeResponse
                    {
                        StatusCode = 500,
                        Type = ContentTypes.Error,
                        Value = ProtocolJson.ToElement(new Error { Code = "InternalError", Message = "The action failed; try again." }),
                    })
                    : new InvokeResponse(500);
                return;
            }
            try
            {
                await turn.SendActivityAsync(await CountFailureAsync(turn, cancellationToken), cancellationToken);
            }
            catch (Exception sendFailure)
            {
                logger.LogWarning(sendFailure, "Could not tell the user about the failed turn");
            }
        }
    }

    /// <summary>Counts the failure in the conversation's saved state (the failed turn's own state is not saved) and picks the reply.</summary>
    private async Task<Activity> CountFailureAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (stateStore is null) return errorReply.Create(turn);
        try
        {
            var saved = await stateStore.LoadAsync(turn.Activity, cancellationToken);
            var failures = saved.Conversation.Get<FailedTurns>(FailedTurns.StateProperty);
            failures.Count++;
            var reply = failures.Count >= FailuresBeforeEnding ? errorReply.EndAfterRepeatedFailure(turn, saved) : errorReply.Create(turn);
            if (failures.Count >= FailuresBeforeEnding) saved.Conversation.Remove(FailedTurns.StateProperty);
            else saved.Conversation.Set(FailedTurns.StateProperty, failures);
            await stateStore.SaveAsync(saved, cancellationToken);
            return reply;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not count the failed turn in {ConversationId}", LogValue.Quote(turn.Activity.Conversation?.Id));
            return errorReply.Create(turn);
        }
    }
}
