namespace SupportBot.Recognition.Embedded;

/// <summary>
/// Turns folded text into hashed feature buckets. Chinese and Japanese have no spaces, so runs of CJK characters
/// give character 1- to 4-grams (with run-boundary marks); Latin words give the word, word bigrams and
/// character 3- to 5-grams of the marked word (which keeps typos close to the right word). Digits fold to 0.
/// A per-language bias lets each language have its own prior over intents.
/// </summary>
internal static class IntentFeatures
{
    public const int Bits = 18;
    public const int BucketCount = 1 << Bits;
    private const int MaxWordLength = 40;
    private const int MaxCjkGram = 4;

    private const uint WordTag = 1, WordBigramTag = 2, WordGramTag = 3, CjkGramTag = 4, BiasTag = 5, LanguageTag = 6;

    /// <summary>Distinct buckets of <paramref name="folded"/> (output of <see cref="TextFolding.Fold(string, string)"/>) in <paramref name="language"/>.</summary>
    public static int[] Extract(string folded, string language)
    {
        var buckets = new List<int>(folded.Length * 5) { Bucket(Hash(BiasTag, [])), Bucket(Hash(LanguageTag, language)) };
        uint previousWord = 0;
        Span<char> marked = stackalloc char[MaxWordLength + 2];
        var i = 0;
        while (i < folded.Length)
        {
            var c = folded[i];
            if (IsWordChar(c))
            {
                var start = i;
                while (i < folded.Length && (IsWordChar(folded[i]) || IsApostropheInWord(folded, i))) i++;
                var length = Math.Min(i - start, MaxWordLength);
                marked[0] = '<';
                for (var k = 0; k < length; k++) marked[k + 1] = char.IsAsciiDigit(folded[start + k]) ? '0' : folded[start + k];
                marked[length + 1] = '>';
                var word = marked[1..(length + 1)];
                var wordHash = Hash(WordTag, word);
                buckets.Add(Bucket(wordHash));
                if (previousWord != 0) buckets.Add(Bucket(Mix(Mix(WordBigramTag, previousWord), wordHash)));
                previousWord = wordHash;
                var withMarks = marked[..(length + 2)];
                for (var n = 3; n <= 5; n++)
                    for (var k = 0; k + n <= withMarks.Length; k++)
                        buckets.Add(Bucket(Hash(WordGramTag, withMarks.Slice(k, n))));
            }
            else if (IsCjk(c))
            {
                var start = i;
                while (i < folded.Length && IsCjk(folded[i])) i++;
                AddCjkGrams(folded.AsSpan(start, i - start), buckets);
            }
            else
            {
                i++;
            }
        }
        buckets.Sort();
        var distinct = 0;
        for (var k = 0; k < buckets.Count; k++)
            if (k == 0 || buckets[k] != buckets[k - 1]) buckets[distinct++] = buckets[k];
        return buckets.GetRange(0, distinct).ToArray();
    }

    private static void AddCjkGrams(ReadOnlySpan<char> run, List<int> buckets)
    {
        // '\u0002' and '\u0003' mark the run's start and end: "取消" alone differs from "取消订阅".
        Span<char> marked = run.Length + 2 <= 256 ? stackalloc char[run.Length + 2] : new char[run.Length + 2];
        marked[0] = '\u0002';
        run.CopyTo(marked[1..]);
        marked[^1] = '\u0003';
        for (var k = 1; k <= run.Length; k++) buckets.Add(Bucket(Hash(CjkGramTag, marked.Slice(k, 1))));
        for (var n = 2; n <= MaxCjkGram; n++)
            for (var k = 0; k + n <= marked.Length; k++)
                buckets.Add(Bucket(Hash(CjkGramTag, marked.Slice(k, n))));
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || (c > 0x7F && char.IsLetter(c) && !IsCjk(c));

    private static bool IsApostropheInWord(string s, int i) =>
        s[i] == '\'' && i > 0 && i + 1 < s.Length && char.IsAsciiLetter(s[i - 1]) && char.IsAsciiLetter(s[i + 1]);

    private static bool IsCjk(char c) =>
        c is >= '\u3040' and <= '\u30FF'   // hiragana, katakana (incl. ー)
            or >= '\u3400' and <= '\u9FFF' // CJK ideographs (ext. A and unified)
            or >= '\uF900' and <= '\uFAFF' // compatibility ideographs
            or '\u3005';                   // 々

    // FNV-1a over the tag and the characters: no allocation per n-gram.
    private static uint Hash(uint tag, ReadOnlySpan<char> chars)
    {
        var hash = Mix(2166136261u, tag);
        foreach (var c in chars) hash = Mix(hash, c);
        return hash == 0 ? 1 : hash;
    }

    private static uint Mix(uint hash, uint value) => (hash ^ value) * 16777619u;

    // Murmur3 finaliser: FNV steps per UTF-16 unit mix the low bits poorly on their own.
    private static int Bucket(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85EBCA6Bu;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35u;
        hash ^= hash >> 16;
        return (int)(hash & (BucketCount - 1));
    }
}
