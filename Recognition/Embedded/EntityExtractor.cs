using System.Text.RegularExpressions;

namespace SupportBot.Recognition.Embedded;

/// <summary>
/// Finds the CLU project's list entities (Product, Severity: synonyms of every language, Latin synonyms only on
/// word boundaries) and regex entities (SrId, Quantity) in a message. Where candidates overlap the longest wins
/// ("Office 365" is a product, not the quantity 365; an SR id is not a quantity). Matching runs on the folded
/// text (full-width digits and letters count), and offsets index the original text.
/// </summary>
internal sealed class EntityExtractor
{
    private readonly (string Category, string ListKey, string FoldedSynonym)[] _synonyms;
    private readonly (string Category, Regex Pattern)[] _patterns;

    private EntityExtractor((string, string, string)[] synonyms, (string, Regex)[] patterns) => (_synonyms, _patterns) = (synonyms, patterns);

    public static EntityExtractor From(CluProject project)
    {
        var synonyms = project.Assets.Entities
            .Where(e => e.List is not null)
            .SelectMany(e => e.List!.Sublists.SelectMany(s => s.Synonyms.SelectMany(l => l.Values)
                .Select(v => (e.Category, s.ListKey, TextFolding.Fold(v.Trim())))))
            .Where(s => s.Item3.Length > 0)
            .Distinct()
            .ToArray();
        var patterns = project.Assets.Entities
            .Where(e => e.Regex is not null)
            .SelectMany(e => e.Regex!.Expressions.Select(x => x.RegexPattern).Distinct()
                .Select(p => (e.Category, new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)))))
            .ToArray();
        return new EntityExtractor(synonyms, patterns);
    }

    public IReadOnlyList<RecognizedEntity> Extract(string text)
    {
        if (text.Length == 0) return [];
        var folded = TextFolding.Fold(text);
        var candidates = new List<(int At, int Length, string Category, string? Value)>();
        foreach (var (category, pattern) in _patterns)
            foreach (Match match in pattern.Matches(folded))
                if (match.Length > 0) candidates.Add((match.Index, match.Length, category, ValueOf(category, match.Value)));
        foreach (var (category, listKey, synonym) in _synonyms)
            for (var at = folded.IndexOf(synonym, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(synonym, at + 1, StringComparison.Ordinal))
                if (OnWordBoundaries(folded, at, at + synonym.Length)) candidates.Add((at, synonym.Length, category, listKey));
        if (candidates.Count == 0) return [];

        candidates.Sort((a, b) => a.Length != b.Length ? b.Length.CompareTo(a.Length) : a.At.CompareTo(b.At));
        var taken = new bool[text.Length];
        var entities = new List<RecognizedEntity>();
        foreach (var (at, length, category, value) in candidates)
        {
            if (taken.AsSpan(at, length).Contains(true)) continue;
            Array.Fill(taken, true, at, length);
            entities.Add(new RecognizedEntity(category, text.Substring(at, length), at, length, value));
        }
        entities.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return entities;
    }

    private static string? ValueOf(string category, string matched) => category switch
    {
        EntityCategories.SrId => matched.ToUpperInvariant(),
        EntityCategories.Quantity => ParseNumber(matched)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => matched,
    };

    /// <summary>ASCII digits, or Chinese/Japanese numerals up to the thousands (十, 二十五, 两百, 三千).</summary>
    internal static int? ParseNumber(string text)
    {
        if (text.All(char.IsAsciiDigit)) return int.TryParse(text, out var n) ? n : null;
        int total = 0, digit = -1;
        foreach (var c in text)
        {
            var value = "〇一二三四五六七八九".IndexOf(c);
            if (c == '两') value = 2;
            if (c == '零') value = 0;
            if (value >= 0)
            {
                digit = value;
                continue;
            }
            var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
            if (unit == 0) return null;
            total += (digit < 0 ? 1 : digit) * unit;
            digit = -1;
        }
        return total + Math.Max(digit, 0);
    }

    // "low" must not match inside "slow", nor "Teams" inside "MSTeamsX"; CJK has no word boundaries to check.
    private static bool OnWordBoundaries(string folded, int start, int end) =>
        !(char.IsAsciiLetterOrDigit(folded[start]) && start > 0 && char.IsAsciiLetterOrDigit(folded[start - 1]))
        && !(char.IsAsciiLetterOrDigit(folded[end - 1]) && end < folded.Length && char.IsAsciiLetterOrDigit(folded[end]));
}
