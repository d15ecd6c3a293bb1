using System.Globalization;
using System.Text;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// Makes answers comparable across how people type them: full-width and half-width forms fold together (NFKC),
/// case is ignored, and punctuation and spaces (ASCII or CJK, e.g. 。、！「」) are dropped.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var kept = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c)) continue;
            kept.Append(c);
        }
        return kept.ToString();
    }

    /// <summary>A 1-based position typed as "2", "２" or "2.".</summary>
    public static int? Ordinal(string normalized) =>
        int.TryParse(normalized, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
