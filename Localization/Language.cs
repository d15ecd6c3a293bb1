namespace SupportBot.Localization;

/// <summary>
/// The three languages every user-visible string exists in, and the language tags people and clients write for
/// them (BCP-47, RFC 5646: language, optional script, optional region; '_' is accepted for '-').
/// </summary>
public static class Language
{
    public const string English = "en";
    public const string ChineseSimplified = "zh-Hans";
    public const string Japanese = "ja";

    public static IReadOnlyList<string> All { get; } = [English, ChineseSimplified, Japanese];

    /// <summary>
    /// One of ours for a tag such as en-US, en-GB, zh-CN, zh-Hans, zh-Hans-CN, zh-SG, ja-JP (any case); Traditional
    /// Chinese (zh-TW, zh-HK, zh-MO, zh-Hant…) is Chinese too: we answer it in Simplified Chinese
    /// (<see cref="IsTraditionalChinese"/>). False for other languages and for text that is not a tag.
    /// </summary>
    public static bool TryParse(string? tag, out string language)
    {
        language = English;
        if (string.IsNullOrWhiteSpace(tag)) return false;
        var subtags = tag.Trim().Split('-', '_');
        if (subtags.Any(s => s.Length is 0 or > 8 || !s.All(char.IsAsciiLetterOrDigit))) return false;
        switch (subtags[0].ToLowerInvariant())
        {
            case "en": language = English; return true;
            case "zh": language = ChineseSimplified; return true;
            case "ja": language = Japanese; return true;
            default: return false;
        }
    }

    /// <summary>Maps a BCP-47 locale (en-US, zh-CN, zh-TW, ja-JP, …) to one of ours; unknown or missing → English.</summary>
    public static string FromLocale(string? locale) => TryParse(locale, out var language) ? language : English;

    /// <summary>Our language for a tag, or null when it is not one of our three (a setting, a file's column).</summary>
    public static string? Normalize(string? tag) => TryParse(tag, out var language) ? language : null;

    /// <summary>zh-TW, zh-HK, zh-MO and any zh-Hant tag: written in Traditional characters.</summary>
    public static bool IsTraditionalChinese(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return false;
        var subtags = tag.Trim().Split('-', '_');
        if (!subtags[0].Equals("zh", StringComparison.OrdinalIgnoreCase)) return false;
        if (subtags.Any(s => s.Equals("Hant", StringComparison.OrdinalIgnoreCase))) return true;
        if (subtags.Any(s => s.Equals("Hans", StringComparison.OrdinalIgnoreCase))) return false;
        return subtags.Skip(1).Any(s => s.ToUpperInvariant() is "TW" or "HK" or "MO");
    }

    /// <summary>The locale to put on outgoing activities for a language.</summary>
    public static string ToLocale(string language) => language switch
    {
        ChineseSimplified => "zh-CN",
        Japanese => "ja-JP",
        _ => "en-US",
    };

    /// <summary>Exactly one of <see cref="All"/> (what we store); use <see cref="Normalize"/> for what people write.</summary>
    public static bool IsSupported(string? language) => language is not null && All.Contains(language);
}
