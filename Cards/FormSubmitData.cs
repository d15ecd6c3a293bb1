using System.Text.Json.Serialization;
using SupportBot.Dialogs.Engine.CardForms;

namespace SupportBot.Cards;

/// <summary>
/// The <c>data</c> of a form's submit action: which form, and which rendering of it. A new
/// <see cref="SubmissionId"/> per rendered card lets the bot accept each submission once (double clicks, retries,
/// an old card clicked again). Input values are merged into this object by the client under their input ids (PROTOCOL.md §5.3).
/// The keys are the engine's submit contract (<see cref="CardSubmitKeys"/>), and <see cref="CardSubmission"/> reads them back.
/// </summary>
public sealed record FormSubmitData(
    [property: JsonPropertyName(CardSubmitKeys.Form)] string Form,
    [property: JsonPropertyName(CardSubmitKeys.SubmissionId)] string SubmissionId)
{
    public const string FormKey = CardSubmitKeys.Form;
    public const string SubmissionIdKey = CardSubmitKeys.SubmissionId;

    /// <summary>Keys the bot puts in data; no input may use them as its id.</summary>
    public static IReadOnlySet<string> ReservedKeys => CardSubmitKeys.Reserved;

    public static FormSubmitData NewSubmission(string form) => new(form, Guid.NewGuid().ToString("N"));
}
