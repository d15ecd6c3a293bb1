using System.Text.Json.Nodes;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>
/// A card-form prompt's instance state: the values the card last showed, whether it showed errors (their messages are
/// rendered again, in the language of each showing), the id it was sent with, and the message it is (to update in place).
/// </summary>
public sealed class CardFormState
{
    public string Form { get; set; } = string.Empty;
    public JsonObject Values { get; set; } = [];
    public bool ShowsErrors { get; set; }
    public string SubmissionId { get; set; } = string.Empty;

    /// <summary>The id of the message the card was last sent as (from the channel's answer), when it gave one.</summary>
    public string? ActivityId { get; set; }
}
