using System.Globalization;
using System.Text;

namespace SupportBot.Knowledge;

/// <summary>
/// Splits text into search terms, the same way for articles and questions. Latin words are lower-cased, folded
/// (full-width to ASCII, accents removed) and lightly stemmed ("passwords", "resetting" → "password", "reset");
/// English stop words are dropped. Chinese and Japanese have no spaces, so a run of ideographs becomes overlapping
/// bigrams (the approach of Lucene's CJKBigramFilter), which needs no dictionary and matches whatever words a
/// question shares with an article; a katakana run (loan words: パスワード) is also kept whole. Hiragana is mostly
/// grammar (particles, endings) and is skipped, as are the commonest Chinese particles. Product names written in Latin letters inside zh/ja text are words.
/// </summary>
public static class TextAnalyzer
{
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in",
        "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "then", "there",
        "these", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
        "am", "im", "get", "got", "any", "some", "all", "has", "have", "had", "not", "no", "cant", "dont", "doesnt", "wont",
        "isnt", "u", "pls", "please", "hi", "hello", "help", "need", "want", "should", "would", "could", "there", "here",
    ];

    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        AddTerms(text, terms);
        return terms;
    }

    public static void AddTerms(string text, List<string> terms)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var word = new StringBuilder();
        var cjk = new StringBuilder();
        var cjkScript = Script.Other;
        foreach (var rune in normalized.EnumerateRunes())
        {
            var script = ScriptOf(rune);
            if (script is Script.Latin)
            {
                FlushCjk(cjk, cjkScript, terms);
                foreach (var c in rune.ToString()) word.Append(c);
                continue;
            }
            FlushWord(word, terms);
            // Chinese particles (的 吗 呢 吧 啊) split a run like punctuation: a bigram across one (口的, 的显) is noise.
            if (script is Script.Han && rune.Value is '的' or '吗' or '呢' or '吧' or '啊')
            {
                FlushCjk(cjk, cjkScript, terms);
                cjkScript = Script.Other;
                continue;
            }
            if (script is Script.Han or Script.Katakana or Script.Hiragana)
            {
                if (script != cjkScript) FlushCjk(cjk, cjkScript, terms);
                cjkScript = script;
                cjk.Append(rune.ToString());
                continue;
            }
            // Apostrophes inside a word ("don't") join it; other marks end the word.
            FlushCjk(cjk, cjkScript, terms);
            cjkScript = Script.Other;
        }
        FlushWord(word, terms);
        FlushCjk(cjk, cjkScript, terms);
    }

    private enum Script { Other, Latin, Han, Katakana, Hiragana }

    private static Script ScriptOf(Rune rune)
    {
        var value = rune.Value;
        if (value is >= 0x3040 and <= 0x309F) return Script.Hiragana;
        if (value is >= 0x30A0 and <= 0x30FF or >= 0x31F0 and <= 0x31FF) return Script.Katakana;
        if (value is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x2FFFF)
            return Script.Han;
        return Rune.IsLetterOrDigit(rune) ? Script.Latin : Script.Other;
    }

    private static void FlushWord(StringBuilder word, List<string> terms)
    {
        if (word.Length == 0) return;
        var folded = Fold(word.ToString());
        word.Clear();
        if (folded.Length == 0 || StopWords.Contains(folded)) return;
        terms.Add(Stem(folded));
    }

    private static void FlushCjk(StringBuilder run, Script script, List<string> terms)
    {
        if (run.Length == 0) return;
        var text = run.ToString();
        run.Clear();
        if (script == Script.Hiragana) return;
        var chars = StringInfo.GetTextElementEnumerator(text);
        var elements = new List<string>();
        while (chars.MoveNext()) elements.Add((string)chars.Current);
        if (script == Script.Katakana)
        {
            // The long-vowel mark varies by writer (サーバー / サーバ): dropped at the end of a word.
            terms.Add(text.TrimEnd('ー'));
            if (elements.Count <= 2) return;
        }
        if (elements.Count == 1)
        {
            terms.Add(elements[0]);
            return;
        }
        for (var i = 0; i + 1 < elements.Count; i++) terms.Add(elements[i] + elements[i + 1]);
    }

    private static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(c);
        return folded.ToString();
    }

    /// <summary>A light English stemmer: plural and -ing/-ed endings, enough for "passwords/password", "syncing/sync".</summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 3 || !char.IsAsciiLetter(word[^1])) return word;
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4) return word[..^3] + "y";
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5) return Undouble(word[..^3]);
        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4) return Undouble(word[..^2]);
        if (word.EndsWith("sses", StringComparison.Ordinal)) return word[..^2];
        if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 && word[^3] is 's' or 'x' or 'z' or 'h') return word[..^2];
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)) word = word[..^1];
        // "configure", "configured", "configuring" → "configur".
        if (word.Length > 4 && word.EndsWith('e')) return word[..^1];
        return word;
    }

    private static string Undouble(string stem) =>
        stem.Length > 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') ? stem[..^1] : stem;
}
