using System.Text;

namespace SupportBot.Cards;

/// <summary>
/// Shows text a user typed (or any text we do not author) as text. A TextBlock applies a markdown subset
/// (bold, italic, lists, links), and TextBlock and TextRun both expand <c>{{DATE(…)}}</c>/<c>{{TIME(…)}}</c>
/// functions, so "**urgent** [click](http://evil)" would otherwise turn into formatting or a link the user never wrote.
/// </summary>
public static class UserText
{
    // A zero-width space between the braces: looks the same, but no longer matches the {{FUNCTION(…)}} pattern.
    private const string BrokenOpenBraces = "{\u200B{";

    /// <summary>
    /// The safest way: a RichTextBlock whose single TextRun holds the text. The schema says of TextRun
    /// "Markdown is not supported", so nothing but the braces needs changing.
    /// </summary>
    public static RichTextBlock Block(string text, int? maxLength = null) =>
        new() { Inlines = { new TextRun(NeutralizeFunctions(Truncate(text, maxLength))) } };

    /// <summary>
    /// For places that only take TextBlock-style text (fact values, titles mixed with our own markdown):
    /// backslash-escapes the characters of the Adaptive Card markdown subset and breaks <c>{{</c>.
    /// Mobile renderers have had bugs with backslash escapes (microsoft/AdaptiveCards#5590), so prefer <see cref="Block"/>.
    /// </summary>
    public static string EscapeMarkdown(string text, int? maxLength = null)
    {
        var source = Truncate(text, maxLength);
        var escaped = new StringBuilder(source.Length + 16);
        var lineStart = true;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (lineStart && IsListMarker(source, i, out var markerLength))
            {
                // "- item", "+ item", "1. item" at a line start would become a list; "#" a heading, ">" a quote.
                escaped.Append(source, i, markerLength - 1).Append('\\').Append(source[i + markerLength - 1]);
                i += markerLength - 1;
                lineStart = false;
                continue;
            }
            // Escape only what the markdown subset reacts to: a stray backslash shows up in some mobile renderers.
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' || (lineStart && c is '#' or '>')) escaped.Append('\\');
            escaped.Append(c);
            lineStart = c == '\n' || (lineStart && c is ' ' or '\t');
        }
        return NeutralizeFunctions(escaped.ToString());
    }

    /// <summary>Cuts long text at <paramref name="maxLength"/> characters (never inside a surrogate pair) and marks the cut with "…".</summary>
    public static string Truncate(string text, int? maxLength)
    {
        if (maxLength is not { } max || text.Length <= max) return text;
        var cut = Math.Max(0, max - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        return string.Concat(text.AsSpan(0, cut), "…");
    }

    public static string NeutralizeFunctions(string text) => text.Replace("{{", BrokenOpenBraces, StringComparison.Ordinal);

    private static bool IsListMarker(string text, int start, out int length)
    {
        length = 0;
        if (start + 1 < text.Length && text[start] is '-' or '+' && text[start + 1] == ' ')
        {
            length = 1;
            return true;
        }
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        if (end > start && end + 1 < text.Length && text[end] is '.' or ')' && text[end + 1] == ' ')
        {
            length = end - start + 1;
            return true;
        }
        return false;
    }
}
