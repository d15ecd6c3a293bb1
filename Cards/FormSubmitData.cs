using System.Text.Json;

namespace SupportBot.Cards;

/// <summary>
/// The <c>data</c> of a form's submit action: which form, and which rendering of it. A new
/// <see cref="SubmissionId"/> per rendered card lets the bot accept each submission once (double clicks, retries,
/// an old card clicked again). Input values are merged into this object by the client under their input ids (PROTOCOL.md §5.3).
/// </summary>
public sealed record FormSubmitData(string Form, string SubmissionId)
{
    /// <summary>Keys the bot puts in data; no input may use them as its id (<c>msteams</c> is Teams' own, PROTOCOL.md §4.2).</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.Ordinal) { "form", "submissionId", "msteams" };

    public static FormSubmitData NewSubmission(string form) => new(form, Guid.NewGuid().ToString("N"));
}

/// <summary>A received form submission: the <see cref="FormSubmitData"/> keys plus the input values by input id.</summary>
public sealed record FormSubmission(string Form, string SubmissionId, IReadOnlyDictionary<string, string> Inputs)
{
    /// <summary>
    /// Reads a submit <c>value</c> (Teams/Web Chat Action.Submit) or <c>value.action.data</c> (Action.Execute).
    /// False when it is not a form submission of this bot.
    /// </summary>
    public static bool TryRead(JsonElement value, out FormSubmission submission)
    {
        submission = null!;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("form", out var form) || form.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("submissionId", out var id) || id.ValueKind != JsonValueKind.String)
            return false;

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
            // Input values are strings (PROTOCOL.md §5.3); anything else is not an input.
            if (!FormSubmitData.ReservedKeys.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.String)
                inputs[property.Name] = property.Value.GetString()!;
        submission = new FormSubmission(form.GetString()!, id.GetString()!, inputs);
        return true;
    }
}
