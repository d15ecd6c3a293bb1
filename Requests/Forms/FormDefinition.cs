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

/// <summary>The forms there are; a form's name on the wire and in string keys is the kind's wire name (<see cref="WireNames"/>).</summary>
public enum FormKind
{
    ServiceRequest,
    SubscriptionChange,
    PartnerCenterRequest,
    Escalation,
    RemediationPlan,
    RemediationAnswer,
}

/// <summary>What a request form files: the kind of request, and the desk that handles it.</summary>
public sealed record FiledAs(RequestKind Kind, AgentQueue Queue);

/// <summary>
/// A request's title from its form's values; <paramref name="text"/> looks up a localized string (choice titles).
/// </summary>
public delegate string TitleRule(IReadOnlyDictionary<string, string> values, Func<string, string> text);

/// <summary>A form: its kind (its name, carried in every submit's data), its fields in display order, and for a
/// request form what it files and how the request's title reads.</summary>
public sealed record FormDefinition(FormKind Kind, IReadOnlyList<FieldDefinition> Fields)
{
    public string Name { get; } = WireNames.Of(Kind);

    /// <summary>The request this form files; null for forms that answer or change one (remediation plan and answer).</summary>
    public FiledAs? Files { get; init; }

    public TitleRule Title { get; init; } = (values, _) => values["title"];

    public FieldDefinition? Field(string id) => Fields.FirstOrDefault(f => f.Id == id);
}
