using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Localization;
using SupportBot.Tests.Cards;

namespace SupportBot.Tests.Localization;

/// <summary>
/// Content/GLOSSARY.md decides how each term is rendered in en / zh-Hans / ja; its "Rejected variants" column is the
/// rule this test holds every string, guide text and Teams manifest text to, so writers change one place.
/// </summary>
public sealed class GlossaryTests
{
    private static readonly string Root = SharedSchemas.RepoRoot();
    private static readonly Glossary Terms = Glossary.Parse(File.ReadAllText(Path.Combine(Root, "Content", "GLOSSARY.md")));

    [Fact]
    public void The_glossary_is_readable_and_rejects_variants_in_every_language()
    {
        Assert.Empty(Terms.Problems);
        Assert.True(Terms.Rows.Count >= 20, $"only {Terms.Rows.Count} glossary rows were read");
        Assert.All(Terms.Rows, row =>
        {
            Assert.False(string.IsNullOrWhiteSpace(row.English), $"{row.Concept}: no English rendering");
            Assert.False(string.IsNullOrWhiteSpace(row.Chinese), $"{row.Concept}: no zh-Hans rendering");
            Assert.False(string.IsNullOrWhiteSpace(row.Japanese), $"{row.Concept}: no ja rendering");
            Assert.False(string.IsNullOrWhiteSpace(row.Source), $"{row.Concept}: no source");
        });
        foreach (var language in Language.All)
            Assert.Contains(Terms.Rejected, rule => rule.Language == language);
        Assert.Contains(Terms.Rejected, rule => rule.Context == RejectedContext.UnlessEnglishHas);
        Assert.Contains(Terms.Rejected, rule => rule.Context == RejectedContext.WhereEnglishHas);
    }

    [Fact]
    public void No_string_guide_or_manifest_text_uses_a_rejected_variant()
    {
        var texts = ContentTexts.All(Root).ToList();
        foreach (var language in Language.All)
            Assert.True(texts.Count(text => text.Language == language) > 300, $"too few {language} texts were read");

        var violations = texts.SelectMany(text => Terms.Violations(text).Select(rule =>
            $"{text.Where} ({text.Language}) uses \"{rule.Variant}\" — glossary: {rule.Concept}\n    {text.Text}")).ToList();

        Assert.True(violations.Count == 0, $"{violations.Count} text(s) use a rejected variant:\n{string.Join("\n", violations)}");
    }

    // The context rules do what GLOSSARY.md says: 升级 only where the English says upgrade, 終了 not for a closed request.
    [Theory]
    [InlineData("zh-Hans", "要将此客户问题升级到世纪互联吗？", "Escalate this customer issue to 21Vianet?", "升级")]
    [InlineData("zh-Hans", "升级到其他计划", "Upgrade to another plan", null)]
    [InlineData("zh-Hans", "升级到其他计划", null, "升级")]
    [InlineData("ja", "終了", "Closed", "終了")]
    [InlineData("ja", "チャットを終了", "end chat", null)]
    [InlineData("ja", "{0} を取り下げますか? 対応を終了します。", "Withdraw {0}? The support team will stop working on it.", null)]
    [InlineData("en", "Organisation", null, "organisation")]
    [InlineData("en", "Read the Message Center", null, "Message Center")]
    [InlineData("en", "Go to Health > Message center.", null, null)]
    [InlineData("en", "21Vianet will ask you to agree to a remediation plan.", null, "agree to a remediation plan")]
    [InlineData("ja", "あなたの要求", "Your requests", "あなた")]
    [InlineData("zh-Hans", "合作伙伴技术支持会与您联系。", "Your partner's helpdesk will contact you.", "技术支持")]
    [InlineData("zh-Hans", "合作伙伴是您在运营、账单和技术支持方面的联系人", "Your partner is your point of contact for operations, billing and technical support", null)]
    public void Context_rules_follow_the_english_text(string language, string text, string? english, string? rejected)
    {
        var found = Terms.Violations(new ContentText("sample", language, text, english)).Select(rule => rule.Variant);

        if (rejected is null) Assert.Empty(found);
        else Assert.Contains(rejected, found);
    }

    [Fact]
    public void A_malformed_rejected_cell_is_reported_not_skipped()
    {
        var glossary = Glossary.Parse("""
            | Concept | en | zh-Hans | ja | Source of the rendering | Rejected variants |
            |---|---|---|---|---|---|
            | Good | a | b | c | d | ja: `x` (where en: close) |
            | Bad | a | b | c | d | chinese: `y` |
            | Worse | a | b | c | d | zh-Hans: y |
            """);

        Assert.Equal(3, glossary.Rows.Count);
        Assert.Single(glossary.Rejected);
        Assert.Equal(2, glossary.Problems.Count);
    }
}

internal enum RejectedContext { Always, UnlessEnglishHas, WhereEnglishHas }

internal sealed record RejectedVariant(string Concept, string Language, string Variant, RejectedContext Context, IReadOnlyList<string> EnglishWords, bool CaseSensitive = false)
{
    public bool IsUsedIn(ContentText text)
    {
        if (text.Language != Language || !text.Text.Contains(Variant, CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase)) return false;
        return Context switch
        {
            RejectedContext.UnlessEnglishHas => !EnglishHasAWord(text.English),
            RejectedContext.WhereEnglishHas => EnglishHasAWord(text.English),
            _ => true,
        };
    }

    private bool EnglishHasAWord(string? english) =>
        english is not null && EnglishWords.Any(word => Regex.IsMatch(english, $@"\b{Regex.Escape(word)}", RegexOptions.IgnoreCase));
}

internal sealed record GlossaryRow(string Concept, string English, string Chinese, string Japanese, string Source);

/// <summary>The table of Content/GLOSSARY.md: its rows and the rejected variants they declare.</summary>
internal sealed record Glossary(IReadOnlyList<GlossaryRow> Rows, IReadOnlyList<RejectedVariant> Rejected, IReadOnlyList<string> Problems)
{
    private static readonly Regex Segment = new(@"^\s*(?<language>en|zh-Hans|ja|all)\s*:\s*(?<items>.+)$");
    private static readonly Regex Item = new(@"\s*`(?<variant>[^`]+)`(?:\s*\((?<case>case-sensitive)\))?(?:\s*\((?<kind>unless|where) en:\s*(?<words>[^)]+)\))?\s*(?:,|$)");

    public IEnumerable<RejectedVariant> Violations(ContentText text) => Rejected.Where(rule => rule.IsUsedIn(text));

    public static Glossary Parse(string markdown)
    {
        var rows = new List<GlossaryRow>();
        var rejected = new List<RejectedVariant>();
        var problems = new List<string>();
        string[]? header = null;
        foreach (var line in markdown.Split('\n').Select(line => line.Trim()))
        {
            if (!line.StartsWith('|')) { header = null; continue; }
            var cells = line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
            if (header is null) { header = cells; continue; }
            if (cells.All(cell => cell.Trim('-', ':').Length == 0)) continue;
            var column = (string name) => Array.IndexOf(header, name) is var i and >= 0 && i < cells.Length ? cells[i] : "";
            var row = new GlossaryRow(column("Concept"), column("en"), column("zh-Hans"), column("ja"), column("Source of the rendering"));
            if (Array.IndexOf(header, "Rejected variants") < 0) continue;
            rows.Add(row);
            ReadRejected(row.Concept, column("Rejected variants"), rejected, problems);
        }
        return new Glossary(rows, rejected, problems);
    }

    private static void ReadRejected(string concept, string cell, List<RejectedVariant> rejected, List<string> problems)
    {
        if (cell is "—" or "-" or "") return;
        foreach (var segment in cell.Split(';'))
        {
            var match = Segment.Match(segment);
            var items = match.Success ? Item.Matches(match.Groups["items"].Value) : null;
            if (items is null || items.Count == 0 || items.Sum(item => item.Length) != match.Groups["items"].Value.Trim().Length)
            {
                problems.Add($"{concept}: cannot read \"{segment.Trim()}\"");
                continue;
            }
            var language = match.Groups["language"].Value;
            foreach (Match item in items)
            {
                var context = item.Groups["kind"].Value switch
                {
                    "unless" => RejectedContext.UnlessEnglishHas,
                    "where" => RejectedContext.WhereEnglishHas,
                    _ => RejectedContext.Always,
                };
                var words = item.Groups["words"].Value.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                foreach (var each in language == "all" ? Language.All : [language])
                    rejected.Add(new RejectedVariant(concept, each, item.Groups["variant"].Value, context, words, item.Groups["case"].Success));
            }
        }
    }
}

/// <summary>One user-visible text, where it is, and the English text of the same place (for context rules).</summary>
internal sealed record ContentText(string Where, string Language, string Text, string? English);

/// <summary>Every user-visible text the bot ships: Content/strings, Content/guides and the Teams manifest files.</summary>
internal static class ContentTexts
{
    // What people may type, not what the bot says: old words stay recognizable there.
    private static bool IsRecognizerPhrase(string key) => key.StartsWith("command.", StringComparison.Ordinal) || key.Contains(".phrases.", StringComparison.Ordinal);

    // Guide fields that are ids or addresses, not text (Content/guides/README.md).
    private static readonly HashSet<string> NotText = ["id", "intent", "roles", "area", "url", "customerCannotChange"];

    public static IEnumerable<ContentText> All(string root) => Strings(root).Concat(Guides(root)).Concat(Manifest(root)).Concat(WebPage(root));

    // The web chat page's own strings (wwwroot/strings.json: {"<language>": {"strings": {key: text}}}).
    private static IEnumerable<ContentText> WebPage(string root)
    {
        using var page = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "wwwroot", "strings.json")));
        var english = page.RootElement.GetProperty(Language.English).GetProperty("strings");
        var results = new List<ContentText>();
        foreach (var language in Language.All)
            foreach (var entry in page.RootElement.GetProperty(language).GetProperty("strings").EnumerateObject())
                results.Add(new ContentText($"wwwroot/strings.json:{language}.{entry.Name}", language, entry.Value.GetString()!,
                    english.TryGetProperty(entry.Name, out var en) ? en.GetString() : null));
        return results;
    }

    private static IEnumerable<ContentText> Strings(string root)
    {
        var directory = Path.Combine(root, "Content", "strings");
        foreach (var path in Directory.GetFiles(directory, "*.en.json").Order(StringComparer.Ordinal))
        {
            var area = Path.GetFileName(path)[..^".en.json".Length];
            var english = ReadFlat(path);
            foreach (var language in Language.All)
                foreach (var (key, text) in ReadFlat(Path.Combine(directory, $"{area}.{language}.json")))
                    if (!IsRecognizerPhrase(key))
                        yield return new ContentText($"Content/strings/{area}.{language}.json:{key}", language, text, english.GetValueOrDefault(key));
        }
    }

    private static IEnumerable<ContentText> Guides(string root)
    {
        var directory = Path.Combine(root, "Content", "guides");
        foreach (var path in Directory.GetFiles(Path.Combine(directory, Language.English), "*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var english = Leaves(path);
            foreach (var language in Language.All)
                foreach (var (where, text) in Leaves(Path.Combine(directory, language, file)))
                    yield return new ContentText($"Content/guides/{language}/{file}:{where}", language, text, english.GetValueOrDefault(where));
        }
    }

    // manifest.json is English; zh-cn.json / ja-jp.json translate its texts by JSON path ("bots[0].commandLists[0].commands[4].title").
    private static IEnumerable<ContentText> Manifest(string root)
    {
        var directory = Path.Combine(root, "manifest");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "manifest.json")));
        var results = new List<ContentText>();
        foreach (var (file, language) in new[] { ("zh-cn.json", Language.ChineseSimplified), ("ja-jp.json", Language.Japanese) })
        {
            foreach (var (key, text) in ReadFlat(Path.Combine(directory, file)).Where(entry => entry.Key != "$schema"))
            {
                var english = Resolve(manifest.RootElement, key);
                results.Add(new ContentText($"manifest/{file}:{key}", language, text, english));
                if (language == Language.ChineseSimplified && english is not null)
                    results.Add(new ContentText($"manifest/manifest.json:{key}", Language.English, english, english));
            }
        }
        return results;
    }

    private static string? Resolve(JsonElement element, string path)
    {
        foreach (Match part in Regex.Matches(path, @"(?<name>[A-Za-z]+)(?:\[(?<index>\d+)\])?"))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part.Groups["name"].Value, out element)) return null;
            if (part.Groups["index"].Success)
            {
                var index = int.Parse(part.Groups["index"].Value, CultureInfo.InvariantCulture);
                if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength()) return null;
                element = element[index];
            }
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static Dictionary<string, string> ReadFlat(string path) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];

    private static Dictionary<string, string> Leaves(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(document.RootElement, "", leaves);
        return leaves;
    }

    private static void Collect(JsonElement element, string where, Dictionary<string, string> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject().Where(property => !NotText.Contains(property.Name)))
                    Collect(property.Value, where.Length == 0 ? property.Name : $"{where}.{property.Name}", leaves);
                break;
            case JsonValueKind.Array:
                // Steps are addressed by their stable id, so a step's English counterpart is found even if steps move.
                for (var index = 0; index < element.GetArrayLength(); index++)
                {
                    var item = element[index];
                    var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) ? id.GetString() : index.ToString(CultureInfo.InvariantCulture);
                    Collect(item, $"{where}[{name}]", leaves);
                }
                break;
            case JsonValueKind.String:
                leaves[where] = element.GetString()!;
                break;
        }
    }
}
