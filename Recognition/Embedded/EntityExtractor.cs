using System.Text.RegularExpressions;

namespace SupportBot.Recognition.Embedded;

/// <summary>
/// Finds the CLU project's list entities (Product, Severity: synonyms of every language, longest first, Latin
/// synonyms only on word boundaries) and regex entities (SrId) in a message. Offsets index the original text.
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
            .OrderByDescending(s => s.Item3.Length)
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
        var entities = new List<RecognizedEntity>();
        var taken = new bool[text.Length];
        foreach (var (category, pattern) in _patterns)
            foreach (Match match in pattern.Matches(text))
            {
                Array.Fill(taken, true, match.Index, match.Length);
                entities.Add(new RecognizedEntity(category, match.Value, match.Index, match.Length, match.Value.ToUpperInvariant()));
            }

        var folded = TextFolding.Fold(text);
        foreach (var (category, listKey, synonym) in _synonyms)
        {
            for (var at = folded.IndexOf(synonym, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(synonym, at + 1, StringComparison.Ordinal))
            {
                var end = at + synonym.Length;
                if (taken.AsSpan(at, synonym.Length).Contains(true) || !OnWordBoundaries(folded, at, end)) continue;
                Array.Fill(taken, true, at, synonym.Length);
                entities.Add(new RecognizedEntity(category, text.Substring(at, synonym.Length), at, synonym.Length, listKey));
            }
        }
        entities.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return entities;
    }

    // "low" must not match inside "slow", nor "Teams" inside "MSTeamsX"; CJK has no word boundaries to check.
    private static bool OnWordBoundaries(string folded, int start, int end) =>
        !(char.IsAsciiLetterOrDigit(folded[start]) && start > 0 && char.IsAsciiLetterOrDigit(folded[start - 1]))
        && !(char.IsAsciiLetterOrDigit(folded[end - 1]) && end < folded.Length && char.IsAsciiLetterOrDigit(folded[end]));
}
