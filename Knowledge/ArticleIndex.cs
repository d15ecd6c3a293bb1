namespace SupportBot.Knowledge;

/// <summary>An article found for a question: its BM25F score and how much of the question it covers (0–1).</summary>
public sealed record ArticleHit(Article Article, double Score, double Coverage);

/// <summary>
/// A BM25F index over one language's articles: title, keywords (with products) and body are fields of their own,
/// weighted (a word of the title says more than one of the body) and length-normalised each, then saturated once
/// (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009, §3.4). Built once per
/// reload and immutable afterwards, so searches need no lock. Our own rather than Lucene.Net: a few hundred articles
/// per language fit in a dictionary, a search is a few dictionary reads (microseconds), and CJK bigrams are all the
/// analysis Chinese and Japanese need here.
/// </summary>
public sealed class ArticleIndex
{
    private const double K1 = 1.2;

    private readonly record struct Field(double Weight, double B);

    private static readonly Field TitleField = new(3.0, 0.5);
    private static readonly Field KeywordsField = new(2.5, 0.3);
    private static readonly Field BodyField = new(1.0, 0.75);

    private readonly record struct Posting(int Document, float Weight);

    private readonly Article[] _articles;
    private readonly Dictionary<string, Posting[]> _postings;
    private readonly Dictionary<int, List<string>> _latinTermsByLength;

    public ArticleIndex(IEnumerable<Article> articles)
    {
        _articles = articles.ToArray();
        var fields = _articles.Select(article => new[]
        {
            TextAnalyzer.Terms(article.Title),
            TextAnalyzer.Terms(string.Join(" . ", article.Keywords.Concat(article.Products))),
            TextAnalyzer.Terms(ArticleText.Plain(article.Body)),
        }).ToArray();
        var spec = new[] { TitleField, KeywordsField, BodyField };
        var averages = Enumerable.Range(0, spec.Length)
            .Select(f => fields.Length == 0 ? 1.0 : Math.Max(1.0, fields.Average(d => (double)d[f].Count))).ToArray();

        var weights = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
        for (var document = 0; document < fields.Length; document++)
        {
            var combined = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var f = 0; f < spec.Length; f++)
            {
                var terms = fields[document][f];
                var norm = 1 - spec[f].B + spec[f].B * terms.Count / averages[f];
                foreach (var term in terms)
                    combined[term] = combined.GetValueOrDefault(term) + spec[f].Weight / norm;
            }
            foreach (var (term, weight) in combined)
            {
                if (!weights.TryGetValue(term, out var list)) weights[term] = list = [];
                list.Add(new Posting(document, (float)(weight / (K1 + weight))));
            }
        }
        _postings = weights.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
        _latinTermsByLength = _postings.Keys.Where(term => term.Length >= 4 && term.All(char.IsAsciiLetterOrDigit))
            .GroupBy(term => term.Length).ToDictionary(group => group.Key, group => group.ToList());
    }

    public int Count => _articles.Length;

    public IReadOnlyList<Article> Articles => _articles;

    /// <summary>The best <paramref name="count"/> articles for <paramref name="question"/> that <paramref name="audience"/> may read.</summary>
    public IReadOnlyList<ArticleHit> Search(string question, Audience audience, int count = 3)
    {
        if (_articles.Length == 0) return [];
        var terms = TextAnalyzer.Terms(question).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0) return [];
        var scores = new double[_articles.Length];
        var covered = new double[_articles.Length];
        var total = 0.0;
        foreach (var term in terms)
        {
            var postings = PostingsOf(term);
            var idf = Idf(postings?.Length ?? 0);
            if (postings is null)
            {
                // A bigram no article has is mostly two words run together ("室门" of 会议室门口), not a missing word.
                total += IsCjk(term) ? idf * UnknownBigramShare : idf;
                continue;
            }
            total += idf;
            foreach (var posting in postings)
            {
                scores[posting.Document] += idf * posting.Weight;
                covered[posting.Document] += idf;
            }
        }
        var best = new List<ArticleHit>(count + 1);
        for (var document = 0; document < scores.Length; document++)
        {
            if (scores[document] <= 0 || !_articles[document].IsFor(audience)) continue;
            if (best.Count == count && scores[document] <= best[^1].Score) continue;
            var hit = new ArticleHit(_articles[document], scores[document], covered[document] / total);
            var at = best.FindIndex(other => other.Score < hit.Score);
            best.Insert(at < 0 ? best.Count : at, hit);
            if (best.Count > count) best.RemoveAt(best.Count - 1);
        }
        return best;
    }

    /// <summary>How much a CJK bigram no article contains counts against an article's coverage of a question.</summary>
    private const double UnknownBigramShare = 0.3;

    private static bool IsCjk(string term) => term.Length > 0 && term[0] >= '\u3040';

    private double Idf(int documentFrequency) =>
        Math.Log(1 + (_articles.Length - documentFrequency + 0.5) / (documentFrequency + 0.5));

    /// <summary>The term's postings; for an unknown Latin word of 5+ letters, those of a word one typo away ("pasword").</summary>
    private Posting[]? PostingsOf(string term)
    {
        if (_postings.TryGetValue(term, out var postings)) return postings;
        if (term.Length < 5 || !term.All(char.IsAsciiLetterOrDigit)) return null;
        for (var length = term.Length - 1; length <= term.Length + 1; length++)
        {
            if (!_latinTermsByLength.TryGetValue(length, out var candidates)) continue;
            foreach (var candidate in candidates)
                if (WithinOneEdit(term, candidate)) return _postings[candidate];
        }
        return null;
    }

    /// <summary>True when one insertion, deletion, substitution or swap of neighbours turns <paramref name="a"/> into <paramref name="b"/>.</summary>
    internal static bool WithinOneEdit(string a, string b)
    {
        if (a[0] != b[0]) return false;
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        if (a.Length == b.Length)
        {
            if (i == a.Length) return true;
            var swapped = i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2));
            return swapped || a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1));
        }
        return a.Length > b.Length ? a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i)) : a.AsSpan(i).SequenceEqual(b.AsSpan(i + 1));
    }
}
