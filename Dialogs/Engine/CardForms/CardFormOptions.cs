using System.Text.Json.Nodes;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>How a card-form prompt starts. Stored with the instance, so plain data only.</summary>
public sealed class CardFormOptions
{
    /// <summary>The form's name, put in the card's submit data; the prompt's id when absent.</summary>
    public string? Form { get; set; }

    /// <summary>Values to show pre-filled.</summary>
    public JsonObject? Values { get; set; }
}
