namespace SupportBot.Requests.Forms;

/// <summary>How a field is entered and checked.</summary>
public enum FieldKind
{
    Text,
    MultilineText,
    Email,
    Phone,
    TenantDomain,
    Number,
    Date,
    Choice,
    MultiChoice,
}

/// <summary>One field of a form. Labels, hints and choice titles are strings keyed <c>form.&lt;form&gt;.&lt;field&gt;…</c>.</summary>
public sealed record FieldDefinition(string Id, FieldKind Kind, bool Required = true, int MaxLength = 200)
{
    /// <summary>Allowed values for Choice / MultiChoice fields (their titles are localized strings).</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Where the choice titles live, when shared with other forms (e.g. severity, language).</summary>
    public string? ChoiceStringPrefix { get; init; }

    public int MinNumber { get; init; } = 1;
    public int MaxNumber { get; init; } = 100_000;

    /// <summary>At least this many choices for MultiChoice.</summary>
    public int MinChoices { get; init; } = 1;

    /// <summary>Only required when another field has one of these values (e.g. quantity for add/remove licenses).</summary>
    public (string Field, string[] Values)? RequiredWhen { get; init; }

    public bool IsRequiredFor(IReadOnlyDictionary<string, string> values) =>
        Required && (RequiredWhen is not { } condition
            || values.TryGetValue(condition.Field, out var other) && condition.Values.Contains(other, StringComparer.Ordinal));
}

/// <summary>A form: its name (carried in every submit's data) and its fields in display order.</summary>
public sealed record FormDefinition(string Name, IReadOnlyList<FieldDefinition> Fields)
{
    public FieldDefinition? Field(string id) => Fields.FirstOrDefault(f => f.Id == id);
}
