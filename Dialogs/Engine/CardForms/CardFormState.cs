using System.Text.Json.Nodes;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>A card-form prompt's instance state: what the card last showed and the id it was sent with.</summary>
public sealed class CardFormState
{
    public string Form { get; set; } = string.Empty;
    public JsonObject Values { get; set; } = [];
    public Dictionary<string, string> Errors { get; set; } = [];
    public string SubmissionId { get; set; } = string.Empty;
}
