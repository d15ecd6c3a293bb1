using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

/// <summary>Every card the bot can send (<see cref="CardSamples"/>) against the Adaptive Card 1.5 schema and the 28 KB budget.</summary>
public sealed partial class CardSampleTests
{
    public static TheoryData<string> Samples => CardSamples.Names();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Is_schema_valid_within_28_KB_and_shows_no_string_keys(string name)
    {
        // ToJson refuses a card over the budget and clashing input ids; the attachment is what goes on the wire.
        var json = CardSamples.Get(name).ToAttachment().Content!.Value.GetRawText();

        CardSchema.AssertValid(json);
        Assert.InRange(Encoding.UTF8.GetByteCount(json), 1, AdaptiveCard.MaxBytes);
        // A string missing from Content/strings shows as its key ("form.escalation.service.label").
        Assert.DoesNotMatch("\"(text|title|label|placeholder|fallbackText|value)\":\"(form|status|receipt|guide|welcome|menu|kind|intent)\\.", json);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Our_text_does_not_turn_into_markdown_lists_or_headings_by_accident(string name)
    {
        // TextBlock text is markdown in Teams and Web Chat: a line starting "* ", "- ", "1. ", "# " or "> " becomes a
        // list, heading or quote and loses its marker (as "* の付いた項目は必須です" did). Guides may use **bold**.
        using var card = JsonDocument.Parse(CardSamples.Get(name).ToJson());
        var accidental = TextBlocks(card.RootElement)
            .SelectMany(text => text.Split('\n'))
            .Where(line => MarkdownBlockStart().IsMatch(line))
            .ToList();

        Assert.True(accidental.Count == 0, $"{name}: {string.Join(" | ", accidental)}");
    }

    private static IEnumerable<string> TextBlocks(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out var type) && type.GetString() == "TextBlock") yield return element.GetProperty("text").GetString()!;
            foreach (var property in element.EnumerateObject())
                foreach (var text in TextBlocks(property.Value)) yield return text;
        }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var item in element.EnumerateArray())
                foreach (var text in TextBlocks(item)) yield return text;
    }

    [GeneratedRegex(@"^\s*([*+-]\s|\d+[.)]\s|#|>)")]
    private static partial Regex MarkdownBlockStart();

    [Fact]
    public void The_samples_cover_every_builder_in_every_language()
    {
        var names = CardSamples.All().Select(sample => sample.Name).ToList();

        foreach (var language in SupportBot.Localization.Language.All)
            foreach (var kind in new[] { "menu/", "choice/", "request/", "guide/", "form/" })
                Assert.Contains(names, name => name.StartsWith($"{language}/{kind}", StringComparison.Ordinal));
        Assert.Equal(names.Count / 3, names.Count(name => name.StartsWith("ja/", StringComparison.Ordinal)));
        using var lang = JsonDocument.Parse(CardSamples.Get("ja/menu/welcome-customer").ToJson());
        Assert.Equal("ja", lang.RootElement.GetProperty("lang").GetString());
        using var chinese = JsonDocument.Parse(CardSamples.Get("zh-Hans/menu/welcome-customer").ToJson());
        Assert.Equal("zh", chinese.RootElement.GetProperty("lang").GetString());
    }
}
