namespace SupportBot.Recognition.Embedded;

/// <summary>
/// Folds text for matching without changing its length, so an index in the folded text is an index in the
/// original (entity offsets stay UTF-16 offsets into what the user typed): full-width ASCII → ASCII, ideographic
/// space → space, half-width katakana → katakana, katakana → hiragana, lower case.
/// </summary>
public static class TextFolding
{
    // U+FF66..U+FF9D in order, then the two half-width sound marks (U+FF9E, U+FF9F).
    private const string HalfWidthKatakana = "ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ";
    private const string FullWidthKatakana = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

    public static string Fold(string text) => string.Create(text.Length, text, static (target, source) =>
    {
        for (var i = 0; i < source.Length; i++) target[i] = Fold(source[i]);
    });

    public static char Fold(char c)
    {
        if (c < 0x80) return char.ToLowerInvariant(c);
        if (c is >= '\uFF01' and <= '\uFF5E') return char.ToLowerInvariant((char)(c - 0xFEE0));
        if (c == '\u3000') return ' ';
        if (c is >= '\uFF66' and <= '\uFF9F') c = FullWidthKatakana[c - '\uFF66'];
        if (c is >= '\u30A1' and <= '\u30F6') return (char)(c - 0x60);
        return char.ToLowerInvariant(c);
    }

    internal static bool TablesAligned => HalfWidthKatakana.Length == FullWidthKatakana.Length
        && HalfWidthKatakana.Length == 0xFF9F - 0xFF66 + 1
        && HalfWidthKatakana.Select((c, i) => c == (char)(0xFF66 + i)).All(same => same);
}
