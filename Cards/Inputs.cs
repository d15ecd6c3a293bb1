namespace SupportBot.Cards;

/// <summary>
/// Common input properties (schema <c>Extendable.Input</c>, PROTOCOL.md §5.2). Values arrive as strings keyed by
/// <see cref="AdaptiveElement.Id"/>; client-side validation is a courtesy, the bot validates again.
/// </summary>
public abstract class AdaptiveInput : AdaptiveElement
{
    // The schema requires an id on every input: it is the key of the submitted value.
    protected AdaptiveInput(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    public string? Label { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed class InputText(string id) : AdaptiveInput(id)
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    /// <summary>A hint the client may ignore (PROTOCOL.md §5.2): check the length again on submit.</summary>
    public int? MaxLength { get; init; }
    public string? Regex { get; init; }
    public TextInputStyle? Style { get; init; }
    public bool? IsMultiline { get; init; }
    public AdaptiveAction? InlineAction { get; init; }
}

/// <summary>A pick list; with <see cref="IsMultiSelect"/> the value is one comma-separated string, so choice values never contain commas.</summary>
public sealed class InputChoiceSet(string id) : AdaptiveInput(id)
{
    public List<InputChoice> Choices { get; init; } = [];
    public bool? IsMultiSelect { get; init; }
    public ChoiceInputStyle? Style { get; init; }
    public string? Value { get; init; }
    public string? Placeholder { get; init; }
    public bool? Wrap { get; init; }
}

/// <summary>Schema name: <c>Input.Choice</c>.</summary>
public sealed record InputChoice
{
    public InputChoice(string title, string value)
    {
        // PROTOCOL.md §5.2: a multi-select submits "a,b"; a comma inside a value could not be told apart.
        if (value.Contains(',')) throw new ArgumentException($"A choice value must not contain a comma: '{value}'.", nameof(value));
        Title = title;
        Value = value;
    }

    public string Title { get; }
    public string Value { get; }
}

public sealed class InputToggle(string id, string title) : AdaptiveInput(id)
{
    public string Title { get; } = title;
    public string? Value { get; init; }
    public string? ValueOn { get; init; }
    public string? ValueOff { get; init; }
    public bool? Wrap { get; init; }
}

/// <summary>Dates travel as <c>YYYY-MM-DD</c> strings.</summary>
public sealed class InputDate(string id) : AdaptiveInput(id)
{
    public string? Value { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
    public string? Placeholder { get; init; }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
