using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Requests.Forms;

/// <summary>A problem with one field; <see cref="ErrorKey"/> names a localized message (<c>form.error.*</c>).</summary>
public sealed record FieldError(string FieldId, string ErrorKey, params string[] Arguments);

/// <summary>The values of a submit that passed validation, trimmed and normalised; a typed record per form kind.</summary>
public abstract record ValidatedForm(FormDefinition Definition, IReadOnlyDictionary<string, string> Values)
{
    public FormKind Kind => Definition.Kind;
    public string FormName => Definition.Name;
}

/// <summary>A form that files a request: what it files, with the severity it gives.</summary>
public sealed record RequestForm(FormDefinition Definition, IReadOnlyDictionary<string, string> Values, FiledAs Files, Severity Severity)
    : ValidatedForm(Definition, Values)
{
    /// <summary>The request's title by the form's rule, choice titles looked up with <paramref name="text"/>.</summary>
    public string Title(Func<string, string> text) => Definition.Title(Values, text);

    public string? Area => Values.GetValueOrDefault("area") ?? Values.GetValueOrDefault("service") ?? Values.GetValueOrDefault("category");
}

/// <summary>21Vianet's desk's remediation plan for an escalation.</summary>
public sealed record RemediationPlanForm(FormDefinition Definition, IReadOnlyDictionary<string, string> Values, string Steps, string Owner, DateOnly TargetDate)
    : ValidatedForm(Definition, Values);

/// <summary>The partner's answer to a remediation plan.</summary>
public sealed record RemediationAnswerForm(FormDefinition Definition, IReadOnlyDictionary<string, string> Values, RemediationAnswer Answer, string? Comment)
    : ValidatedForm(Definition, Values);

/// <summary>The outcome of checking a submit: either the validated values, or what to mark on the card.</summary>
public sealed record FormValidation(ValidatedForm? Form, IReadOnlyList<FieldError> Errors, IReadOnlyDictionary<string, string> Values)
{
    public bool IsValid => Form is not null;
}

/// <summary>
/// Server-side checks for every field (clients may skip Adaptive Card validation: PROTOCOL.md §5.2): required,
/// lengths, email and phone formats, allowed choices, tenant domain shape; and submits that carry fields the form
/// does not have, or far too much text, are refused as a whole.
/// </summary>
public static partial class FormValidator
{
    /// <summary>Keys a submit may carry besides the form's fields (see Dialogs/Engine card data contract).</summary>
    public static readonly IReadOnlySet<string> EnvelopeKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "form", "submissionId", "action", "msteams",
    };

    /// <summary>The largest value any field accepts before the whole submit is refused as oversized.</summary>
    public const int OversizeLimit = 8_000;

    public static FormValidation Validate(FormDefinition form, JsonElement submit)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        if (submit.ValueKind != JsonValueKind.Object)
            return new FormValidation(null, [new FieldError("", "form.error.malformed")], values);

        foreach (var property in submit.EnumerateObject())
        {
            if (EnvelopeKeys.Contains(property.Name)) continue;
            var field = form.Field(property.Name);
            if (field is null)
            {
                errors.Add(new FieldError("", "form.error.unexpectedField", property.Name));
                continue;
            }
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString() ?? "",
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                JsonValueKind.Null => "",
                _ => null,
            };
            if (text is null)
            {
                errors.Add(new FieldError(field.Id, "form.error.malformed"));
                continue;
            }
            if (text.Length > OversizeLimit)
            {
                errors.Add(new FieldError(field.Id, "form.error.oversized"));
                continue;
            }
            values[field.Id] = Normalise(text, field.Kind);
        }

        // Unexpected or oversized content is refused as a whole; the card comes back with only what fits.
        if (errors.Count > 0) return new FormValidation(null, errors, values);

        foreach (var field in form.Fields)
        {
            values.TryGetValue(field.Id, out var value);
            if (string.IsNullOrEmpty(value))
            {
                if (field.IsRequiredFor(values)) errors.Add(new FieldError(field.Id, "form.error.required"));
                continue;
            }
            if (Check(field, value) is { } error) errors.Add(error);
        }

        return errors.Count > 0
            ? new FormValidation(null, errors, values)
            : new FormValidation(Typed(form, values.Where(v => v.Value.Length > 0).ToDictionary()), [], values);
    }

    /// <summary>The checked values as their form's record (the checks above make every parse here succeed).</summary>
    private static ValidatedForm Typed(FormDefinition form, Dictionary<string, string> values) => form.Kind switch
    {
        FormKind.RemediationPlan => new RemediationPlanForm(form, values, values["steps"], values["owner"],
            DateOnly.ParseExact(values["targetDate"], "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        FormKind.RemediationAnswer => new RemediationAnswerForm(form, values, WireNames.Parse<RemediationAnswer>(values["answer"])!.Value,
            values.GetValueOrDefault("comment")),
        _ => new RequestForm(form, values, form.Files ?? throw new InvalidOperationException($"Form '{form.Name}' files no request."),
            WireNames.Parse<Severity>(values.GetValueOrDefault("severity")) ?? Severity.Minimal),
    };

    private static FieldError? Check(FieldDefinition field, string value)
    {
        if (value.Length > field.MaxLength)
            return new FieldError(field.Id, "form.error.tooLong", field.MaxLength.ToString(CultureInfo.InvariantCulture));
        return field.Kind switch
        {
            FieldKind.Email when !EmailPattern().IsMatch(value) => new FieldError(field.Id, "form.error.email"),
            FieldKind.Phone when !IsPhone(value) => new FieldError(field.Id, "form.error.phone"),
            FieldKind.TenantDomain when !IsDomain(value) => new FieldError(field.Id, "form.error.tenantDomain"),
            FieldKind.Number when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < field.MinNumber || n > field.MaxNumber =>
                new FieldError(field.Id, "form.error.number", field.MinNumber.ToString(CultureInfo.InvariantCulture), field.MaxNumber.ToString(CultureInfo.InvariantCulture)),
            FieldKind.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => new FieldError(field.Id, "form.error.date"),
            FieldKind.Choice when !field.Choices.Contains(value, StringComparer.Ordinal) => new FieldError(field.Id, "form.error.choice"),
            FieldKind.MultiChoice => CheckMultiChoice(field, value),
            _ => null,
        };
    }

    private static FieldError? CheckMultiChoice(FieldDefinition field, string value)
    {
        // Input.ChoiceSet with isMultiSelect submits one comma-separated string (PROTOCOL.md §5.2).
        var picked = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (picked.Any(p => !field.Choices.Contains(p, StringComparer.Ordinal))) return new FieldError(field.Id, "form.error.choice");
        return picked.Distinct().Count() < field.MinChoices ? new FieldError(field.Id, "form.error.required") : null;
    }

    private static string Normalise(string text, FieldKind kind)
    {
        var trimmed = text.Trim();
        return kind switch
        {
            FieldKind.Email or FieldKind.TenantDomain => trimmed.ToLowerInvariant(),
            FieldKind.MultilineText => trimmed.Replace("\r\n", "\n", StringComparison.Ordinal),
            _ => trimmed,
        };
    }

    private static bool IsPhone(string value)
    {
        if (!PhonePattern().IsMatch(value)) return false;
        var digits = value.Count(char.IsAsciiDigit);
        return digits is >= 6 and <= 20;
    }

    // A DNS name of at least two labels: letters, digits and inner hyphens, e.g. contoso.partner.onmschina.cn.
    private static bool IsDomain(string value) =>
        value.Length <= 253 && value.Split('.') is { Length: >= 2 } labels
        && labels.All(l => DomainLabelPattern().IsMatch(l)) && labels[^1].All(char.IsAsciiLetter);

    [GeneratedRegex(@"^[^@\s<>()\[\]\\,;:""]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9 ()\-]{6,30}(?:\s*(?:ext\.?|x|转|内線)\s*[0-9]{1,6})?$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DomainLabelPattern();
}
