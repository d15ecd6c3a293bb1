using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Recognition.Clu;
using SupportBot.Recognition.Embedded;

namespace SupportBot.Recognition;

/// <summary>
/// What the dialogs use: CLU when configured, the embedded recognizer when not, or when CLU fails, times out or
/// asked us to back off (429 Retry-After). Marks results below the confidence threshold as not confident.
/// </summary>
public sealed class CompositeRecognizer : IIntentRecognizer
{
    private readonly CluRecognizer _clu;
    private readonly EmbeddedRecognizer _embedded;
    private readonly RecognitionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CompositeRecognizer> _logger;
    private long _cluPausedUntilTicks; // UTC ticks; written by concurrent turns, hence Interlocked

    public CompositeRecognizer(
        CluRecognizer clu, EmbeddedRecognizer embedded, IOptions<RecognitionOptions> options, TimeProvider time, ILogger<CompositeRecognizer> logger) =>
        (_clu, _embedded, _options, _time, _logger) = (clu, embedded, options.Value, time, logger);

    public async Task<RecognitionResult> RecognizeAsync(string text, string language, CancellationToken cancellationToken)
    {
        var result = await RecognizeWithFallbackAsync(text ?? "", language, cancellationToken);
        return result with { IsConfident = result.TopScore >= _options.ConfidenceThreshold };
    }

    private async Task<RecognitionResult> RecognizeWithFallbackAsync(string text, string language, CancellationToken cancellationToken)
    {
        if (!_clu.IsConfigured || string.IsNullOrWhiteSpace(text)) return _embedded.Recognize(text, language);
        if (_time.GetUtcNow().UtcTicks < Interlocked.Read(ref _cluPausedUntilTicks))
            return _embedded.Recognize(text, language);
        try
        {
            return await _clu.RecognizeAsync(text, language, cancellationToken);
        }
        catch (CluException e)
        {
            if (e.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
                Interlocked.Exchange(ref _cluPausedUntilTicks, (_time.GetUtcNow() + retryAfter).UtcTicks);
            _logger.LogWarning(e, "CLU failed ({Status} {ErrorCode}{Timeout}); the embedded recognizer answers{Pause}.",
                e.StatusCode is { } status ? (int)status : null, e.ErrorCode, e.IsTimeout ? ", timeout" : "",
                e.RetryAfter is { } pause ? $" and CLU is paused for {pause.TotalSeconds:F0} s" : "");
            return _embedded.Recognize(text, language);
        }
    }
}
