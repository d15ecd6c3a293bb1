namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>Finds which choice free text names, in any of the languages the choices carry.</summary>
public static class ChoiceRecognizer
{
    // Shorter terms inside longer text match too often by accident (e.g. "no" in "know").
    private const int MinimumContainedLength = 2;

    /// <summary>
    /// In order: a whole-text match of a value, title or synonym, a number (1-based), then a single choice whose
    /// term appears inside the text ("I have a billing question", "我想问账单"). Null when none or ambiguous.
    /// </summary>
    public static FoundChoice? Recognize(string? text, IReadOnlyList<Choice> choices, bool allowPartialMatch = true)
    {
        var said = TextNormalizer.Normalize(text);
        if (said.Length == 0) return null;

        for (var i = 0; i < choices.Count; i++)
            if (Terms(choices[i]).Contains(said)) return Found(choices, i);

        if (TextNormalizer.Ordinal(said) is { } number)
            return number >= 1 && number <= choices.Count ? Found(choices, number - 1) : null;
        if (!allowPartialMatch) return null;

        var containing = Enumerable.Range(0, choices.Count)
            .Where(i => Terms(choices[i]).Any(term => term.Length >= MinimumContainedLength && said.Contains(term, StringComparison.Ordinal)))
            .ToList();
        return containing.Count == 1 ? Found(choices, containing[0]) : null;
    }

    /// <summary>The choice whose value is exactly <paramref name="value"/> (from a card's <c>{"choice": value}</c>).</summary>
    public static FoundChoice? FindValue(string? value, IReadOnlyList<Choice> choices)
    {
        for (var i = 0; i < choices.Count; i++)
            if (string.Equals(choices[i].Value, value, StringComparison.Ordinal)) return Found(choices, i);
        return null;
    }

    private static IEnumerable<string> Terms(Choice choice) =>
        choice.Terms().Select(TextNormalizer.Normalize).Where(term => term.Length > 0);

    private static FoundChoice Found(IReadOnlyList<Choice> choices, int index) => new(choices[index].Value, index);
}
