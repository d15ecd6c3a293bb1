using Microsoft.Extensions.Options;
using SupportBot.Requests.Privacy;

namespace SupportBot.Recognition.Unrecognized;

/// <summary>
/// Keeps a message the bot did not understand (not confident, or None): masked, cut to a length, with the guess.
/// A failing store is logged and never fails the person's turn. Without a store (no storage registered) nothing is kept.
/// </summary>
public sealed class UnrecognizedLog(IUnrecognizedStore? store, IOptions<UnrecognizedOptions> options, TimeProvider time, ILogger<UnrecognizedLog> logger)
{
    public static bool IsUnrecognized(RecognitionResult result) => !result.IsConfident || result.TopIntent == Intents.None;

    public async Task RecordAsync(string text, string language, RecognitionResult result, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (store is null || !settings.Enabled || string.IsNullOrWhiteSpace(text) || !IsUnrecognized(result)) return;
        var masked = PersonalDataMask.MaskContactDetails(text.Trim());
        if (masked.Length > settings.MaxTextLength) masked = masked[..settings.MaxTextLength];
        try
        {
            await store.AddAsync(new UnrecognizedMessage(Localization.Language.FromLocale(language), masked, result.TopIntent, result.TopScore, time.GetUtcNow()), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not keep an unrecognized message.");
        }
    }
}

/// <summary>Deletes what is past the retention limit at start-up and every six hours.</summary>
public sealed class UnrecognizedRetention(IUnrecognizedStore? store, IOptions<UnrecognizedOptions> options, TimeProvider time, ILogger<UnrecognizedRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (store is not null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await store.DeleteOlderThanAsync(time.GetUtcNow().AddDays(-options.Value.RetentionDays), stoppingToken);
                if (deleted > 0) logger.LogInformation("Deleted {Count} unrecognized messages past {Days} days.", deleted, options.Value.RetentionDays);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not delete old unrecognized messages.");
            }
            try { await Task.Delay(Interval, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
