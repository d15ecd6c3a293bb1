using System.Globalization;
using System.Text;

namespace SupportBot.Insights;

/// <summary>One table of the page: named columns and rows of plain values (text, whole numbers, decimals, null).
/// The JSON API returns it as is; the CSV download writes the same rows.</summary>
public sealed record InsightsTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public static InsightsTable Of<T>(IReadOnlyList<string> columns, IEnumerable<T> items, Func<T, object?[]> row) =>
        new(columns, items.Select(item => (IReadOnlyList<object?>)row(item)).ToList());

    /// <summary>RFC 4180 CSV (CRLF, fields with a comma, quote or line break quoted, quotes doubled). A text cell a
    /// spreadsheet would read as a formula (starting = + - @, tab or carriage return) gets a leading apostrophe, since
    /// cells can hold what people typed (comments, unrecognised messages).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns.Select(Field)).Append("\r\n");
        foreach (var row in Rows) csv.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        return csv.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string text => Field(text),
        double number => number.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Field(value.ToString() ?? ""),
    };

    private static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
