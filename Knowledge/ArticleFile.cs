using System.Globalization;
using System.Text.RegularExpressions;
using SupportBot.Recognition;

namespace SupportBot.Knowledge;

/// <summary>
/// Reads one article file: front matter between <c>---</c> lines (a small YAML subset: <c>key: value</c>,
/// <c>key: [a, b]</c>, values optionally in "quotes", <c>#</c> comments), then the Markdown body. Every problem names
/// the file and line, so a writer can fix it without reading code.
/// </summary>
public static partial class ArticleFile
{
    private const string Fence = "---";

    /// <summary>The topics an article may belong to: the intents a guide or a form answers, or General.</summary>
    public static IReadOnlyList<string> Topics { get; } =
    [
        Intents.AccountSetup, Intents.AdminTasks, Intents.Billing, Intents.SubscriptionChange, Intents.ServiceHealth,
        Intents.ServiceUpdates, Intents.SoftwareConfiguration, Intents.Connectivity, Intents.Performance,
        Intents.PartnerCenterIssue, Intents.EscalateCustomerIssue, Intents.RemediationPlan, Article.GeneralTopic,
    ];

    private static readonly string[] Required = ["id", "title", "audience", "topic", "source", "reviewed"];
    private static readonly HashSet<string> Known = ["id", "title", "audience", "topic", "keywords", "products", "source", "reviewed"];

    /// <summary>Parses <paramref name="text"/> read from <paramref name="path"/> (its name gives the id) in <paramref name="language"/>.</summary>
    /// <exception cref="ArticleFormatException">The file does not follow the format.</exception>
    public static Article Parse(string path, string language, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != Fence)
            throw Problem(path, 1, "the file must start with a '---' line (the front matter).");
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        var end = -1;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineNumber = i + 1;
            if (line.Trim() == Fence)
            {
                end = i;
                break;
            }
            var content = StripComment(line).Trim();
            if (content.Length == 0) continue;
            var colon = content.IndexOf(':');
            if (colon <= 0) throw Problem(path, lineNumber, $"expected 'key: value', found '{Shorten(content)}'.");
            var key = content[..colon].Trim();
            if (!Known.Contains(key)) throw Problem(path, lineNumber, $"unknown key '{key}' (known: {string.Join(", ", Known)}).");
            if (values.ContainsKey(key)) throw Problem(path, lineNumber, $"'{key}' is given twice.");
            values[key] = (content[(colon + 1)..].Trim(), lineNumber);
        }
        if (end < 0) throw Problem(path, lines.Length, "the front matter has no closing '---' line.");
        foreach (var key in Required)
            if (!values.TryGetValue(key, out var given) || given.Value.Length == 0)
                throw Problem(path, end + 1, $"'{key}' is required.");

        var fileId = System.IO.Path.GetFileNameWithoutExtension(path);
        var id = Scalar(path, values["id"]);
        if (!IdPattern().IsMatch(id)) throw Problem(path, values["id"].Line, $"id '{id}' must be lowercase ASCII letters, digits and '-'.");
        if (id != fileId) throw Problem(path, values["id"].Line, $"id '{id}' must equal the file name '{fileId}'.");

        var audience = Audience.None;
        foreach (var name in List(path, values["audience"]))
            audience |= name switch
            {
                "customer" => Audience.Customer,
                "partner" => Audience.Partner,
                "agent" => Audience.Agent,
                _ => throw Problem(path, values["audience"].Line, $"audience '{name}' is not one of customer, partner, agent."),
            };
        if (audience == Audience.None) throw Problem(path, values["audience"].Line, "audience names no one (customer, partner, agent).");

        var topic = Scalar(path, values["topic"]);
        if (!Topics.Contains(topic)) throw Problem(path, values["topic"].Line, $"topic '{topic}' is not one of {string.Join(", ", Topics)}.");

        var sourceText = Scalar(path, values["source"]);
        if (!Uri.TryCreate(sourceText, UriKind.Absolute, out var source) || source.Scheme != Uri.UriSchemeHttps)
            throw Problem(path, values["source"].Line, $"source '{Shorten(sourceText)}' must be an https:// address.");

        var reviewedText = Scalar(path, values["reviewed"]);
        if (!DateOnly.TryParseExact(reviewedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var reviewed))
            throw Problem(path, values["reviewed"].Line, $"reviewed '{Shorten(reviewedText)}' must be a date written yyyy-MM-dd.");

        var title = Scalar(path, values["title"]);
        var body = string.Join('\n', lines[(end + 1)..]).Trim();
        if (body.Length == 0) throw Problem(path, end + 2, "the article has no body after the front matter.");
        if (HtmlTag().Match(body) is { Success: true } html)
            throw Problem(path, end + 2 + body[..html.Index].Count(c => c == '\n') + BlankLinesAfter(lines, end),
                $"HTML is not allowed in an article ('{Shorten(html.Value)}'); use Markdown.");

        return new Article
        {
            Id = id,
            Language = language,
            Title = title,
            Audience = audience,
            Topic = topic,
            Keywords = values.TryGetValue("keywords", out var keywords) ? List(path, keywords) : [],
            Products = values.TryGetValue("products", out var products) ? List(path, products) : [],
            Source = source,
            Reviewed = reviewed,
            Body = body,
            Path = path,
        };
    }

    private static int BlankLinesAfter(string[] lines, int fence)
    {
        var count = 0;
        for (var i = fence + 1; i < lines.Length && lines[i].Trim().Length == 0; i++) count++;
        return count;
    }

    private static string Scalar(string path, (string Value, int Line) given)
    {
        if (given.Value.StartsWith('[')) throw Problem(path, given.Line, "expected one value, found a list.");
        return Unquote(path, given.Value, given.Line);
    }

    private static List<string> List(string path, (string Value, int Line) given)
    {
        var value = given.Value;
        if (!value.StartsWith('[')) return [Unquote(path, value, given.Line)];
        if (!value.EndsWith(']')) throw Problem(path, given.Line, "a list must end with ']' on the same line.");
        var inner = value[1..^1].Trim();
        if (inner.Length == 0) return [];
        var items = new List<string>();
        foreach (var item in SplitList(inner))
        {
            var text = Unquote(path, item.Trim(), given.Line);
            if (text.Length == 0) throw Problem(path, given.Line, "a list has an empty item.");
            items.Add(text);
        }
        return items;
    }

    /// <summary>Splits on commas outside "quotes".</summary>
    private static IEnumerable<string> SplitList(string inner)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"') quoted = !quoted;
            else if (inner[i] == ',' && !quoted)
            {
                yield return inner[start..i];
                start = i + 1;
            }
        }
        yield return inner[start..];
    }

    private static string Unquote(string path, string value, int line)
    {
        if (!value.StartsWith('"')) return value;
        if (value.Length < 2 || !value.EndsWith('"')) throw Problem(path, line, $"a quoted value must end with '\"': {Shorten(value)}");
        return value[1..^1];
    }

    /// <summary>The line without a trailing <c># comment</c> (a '#' inside quotes is kept).</summary>
    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == '#' && !quoted && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static ArticleFormatException Problem(string path, int line, string message) => new(new ArticleProblem(path, line, message));

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();
}
