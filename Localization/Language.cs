namespace SupportBot.Localization;

/// <summary>The three languages every user-visible string exists in.</summary>
public static class Language
{
    public const string English = "en";
    public const string ChineseSimplified = "zh-Hans";
    public const string Japanese = "ja";

    public static IReadOnlyList<string> All { get; } = [English, ChineseSimplified, Japanese];

    /// <summary>Maps a BCP-47 locale (en-US, zh-CN, ja-JP, …) to one of ours; unknown or missing → English.</summary>
    public static string FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale)) return English;
        var primary = locale.Split('-', '_')[0].ToLowerInvariant();
        return primary switch
        {
            "zh" => ChineseSimplified,
            "ja" => Japanese,
            _ => English,
        };
    }

    /// <summary>The locale to put on outgoing activities for a language.</summary>
    public static string ToLocale(string language) => language switch
    {
        ChineseSimplified => "zh-CN",
        Japanese => "ja-JP",
        _ => "en-US",
    };

    public static bool IsSupported(string? language) => language is not null && All.Contains(language);
}
