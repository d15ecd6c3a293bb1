namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// One option of a choice prompt. The user may answer with its value, its title in any language, a synonym,
/// its number, or a button.
/// </summary>
public sealed class Choice
{
    public Choice()
    {
    }

    public Choice(string value, string? title = null, IEnumerable<string>? synonyms = null)
    {
        Value = value;
        Title = title;
        Synonyms = synonyms?.ToList();
    }

    /// <summary>What the prompt returns; stable across languages.</summary>
    public string Value { get; set; } = string.Empty;

    /// <summary>The label when <see cref="Titles"/> has none for the user's language; the value when absent.</summary>
    public string? Title { get; set; }

    /// <summary>The label per language (en, zh-Hans, ja).</summary>
    public Dictionary<string, string>? Titles { get; set; }

    public List<string>? Synonyms { get; set; }

    public string TitleFor(string language) => Titles?.GetValueOrDefault(language) ?? Title ?? Value;

    /// <summary>Every text that names this choice, in every language.</summary>
    public IEnumerable<string> Terms()
    {
        yield return Value;
        if (Title is not null) yield return Title;
        foreach (var title in Titles?.Values ?? Enumerable.Empty<string>()) yield return title;
        foreach (var synonym in Synonyms ?? []) yield return synonym;
    }
}
