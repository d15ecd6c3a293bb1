using System.Globalization;
using System.Text;

namespace SupportBot.Bot.Logging;

/// <summary>
/// A value a caller chose (an id, a name, a state), made safe to put in a log line: quoted, cut to a readable length,
/// with line breaks, other control characters and bidi overrides written as escapes. Unquoted, a newline in it would
/// end the line and start an entry of the caller's own making (log forging, CWE-117).
/// </summary>
public static class LogValue
{
    public const int DefaultMaxLength = 200;

    public static string Quote(string? value, int maxLength = DefaultMaxLength)
    {
        if (value is null) return "(none)";
        var cut = value.Length > maxLength;
        var shown = cut ? value.AsSpan(0, maxLength) : value.AsSpan();
        if (!NeedsEscaping(shown)) return string.Concat("\"", shown, cut ? "…\"" : "\"");

        var quoted = new StringBuilder(shown.Length + 16).Append('"');
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            if (char.IsHighSurrogate(c) && i + 1 < shown.Length && char.IsLowSurrogate(shown[i + 1]))
            {
                quoted.Append(c).Append(shown[++i]);
                continue;
            }
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (IsUnsafe(c)) quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else quoted.Append(c);
                    break;
            }
        }
        return quoted.Append(cut ? "…\"" : "\"").ToString();
    }

    private static bool NeedsEscaping(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
            if (c is '"' or '\\' || IsUnsafe(c) || char.IsSurrogate(c)) return true;
        return false;
    }

    // Control characters (C0, DEL, C1 with U+0085 NEL), the Unicode line/paragraph separators, bidi controls that
    // reorder what a reader sees (U+200E/F, U+202A–E, U+2066–9) and unpaired surrogates.
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
