namespace SupportBot.Recognition.Unrecognized;

/// <summary>One message the bot did not understand, already masked (<see cref="Requests.Privacy.PersonalDataMask"/>).</summary>
/// <param name="Language">One of <see cref="Localization.Language.All"/>.</param>
/// <param name="TextMasked">What the person typed, personal data masked.</param>
/// <param name="IntentGuessed">The recognizer's best guess (None when it had none).</param>
/// <param name="Score">The best guess's score, 0..1.</param>
public sealed record UnrecognizedMessage(string Language, string TextMasked, string IntentGuessed, double Score, DateTimeOffset At);

/// <summary>How often one text (compared folded: case, width and spacing do not count) was not understood.</summary>
public sealed record UnrecognizedSummary(string Language, string Text, int Count, string IntentGuessed, double MeanScore, DateTimeOffset LastSeen);

/// <summary>
/// What was not understood, kept for content writers for <see cref="UnrecognizedOptions.RetentionDays"/>. Rows live in
/// the table <c>unrecognized_messages</c> (language, text_masked, text_key, intent_guessed, score, created_at) in the
/// bot's database, so reports can read them by SQL too. Implemented in Storage for SQLite and PostgreSQL.
/// </summary>
public interface IUnrecognizedStore
{
    Task AddAsync(UnrecognizedMessage message, CancellationToken cancellationToken = default);

    /// <summary>The most frequent texts since <paramref name="since"/>, per language (all languages when null), most frequent first.</summary>
    Task<IReadOnlyList<UnrecognizedSummary>> MostFrequentAsync(string? language, DateTimeOffset since, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes rows older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}

/// <summary>Bound from <c>Recognition:Unrecognized</c>.</summary>
public sealed class UnrecognizedOptions
{
    public const string Section = "Recognition:Unrecognized";

    /// <summary>Off: nothing is kept.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows older than this are deleted (at start-up, then every few hours).</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>Longer messages are cut: a content writer needs the gist, not an essay.</summary>
    public int MaxTextLength { get; set; } = 500;
}

/// <summary>The key texts are grouped by: folded (width, case), spacing collapsed.</summary>
public static class UnrecognizedText
{
    public static string Key(string text) =>
        string.Join(' ', Embedded.TextFolding.Fold(text.Trim()).Split(' ', '\t', '\n', '\r').Where(w => w.Length > 0));
}
