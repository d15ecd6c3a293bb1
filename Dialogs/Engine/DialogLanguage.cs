namespace SupportBot.Dialogs.Engine;

/// <summary>The engine's built-in words (confirm labels and answers) exist in these languages; everything else falls back to English.</summary>
public static class DialogLanguage
{
    public const string English = "en";
    public const string ChineseSimplified = "zh-Hans";
    public const string Japanese = "ja";

    /// <summary>Maps a language or BCP-47 locale (en-US, zh-CN, ja-JP, zh-Hans, …) to one of the three.</summary>
    public static string Normalize(string? languageOrLocale)
    {
        var primary = languageOrLocale?.Split('-', '_')[0].ToLowerInvariant();
        return primary switch
        {
            "zh" => ChineseSimplified,
            "ja" => Japanese,
            _ => English,
        };
    }
}
