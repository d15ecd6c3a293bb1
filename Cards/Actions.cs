using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Cards;

/// <summary>A card action; written with its schema name in <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ActionSubmit), "Action.Submit")]
[JsonDerivedType(typeof(ActionExecute), "Action.Execute")]
[JsonDerivedType(typeof(ActionOpenUrl), "Action.OpenUrl")]
[JsonDerivedType(typeof(ActionShowCard), "Action.ShowCard")]
public abstract class AdaptiveAction
{
    public string? Title { get; init; }
    public string? Id { get; init; }
    public ActionStyle? Style { get; init; }
    public string? IconUrl { get; init; }
    public string? Tooltip { get; init; }
    public bool? IsEnabled { get; init; }
    public ActionMode? Mode { get; init; }
}

/// <summary>
/// Sends <see cref="Data"/> merged with the card's input values (PROTOCOL.md §4.2, §5.3). Data is always an object:
/// string data cannot carry inputs (Web Chat turns it into an imBack).
/// </summary>
public sealed class ActionSubmit : AdaptiveAction
{
    public JsonElement? Data { get; init; }
    public AssociatedInputs? AssociatedInputs { get; init; }

    /// <summary>The submit button of a form: data carries the form name and this render's submission id.</summary>
    public static ActionSubmit ForForm(string title, FormSubmitData data) => new() { Title = title, Data = CardData.From(data) };
}

/// <summary>
/// Universal Action (PROTOCOL.md §4.3): arrives as an <c>adaptiveCard/action</c> invoke. Hosts without it
/// (Web Chat, old Teams clients) use <see cref="Fallback"/>, normally an <see cref="ActionSubmit"/> with the same data.
/// </summary>
public sealed class ActionExecute : AdaptiveAction
{
    public string? Verb { get; init; }
    public JsonElement? Data { get; init; }
    public AssociatedInputs? AssociatedInputs { get; init; }
    public AdaptiveAction? Fallback { get; init; }
}

public sealed class ActionOpenUrl(string url) : AdaptiveAction
{
    public string Url { get; } = url;
}

/// <summary>Reveals a sub-card; its submit actions also gather the parent card's inputs (PROTOCOL.md §5.3).</summary>
public sealed class ActionShowCard(AdaptiveCard card) : AdaptiveAction
{
    public AdaptiveCard Card { get; } = card;
}

/// <summary>Builds the object <c>data</c> of submit/execute actions.</summary>
public static class CardData
{
    public static JsonElement From<T>(T value)
    {
        var element = JsonSerializer.SerializeToElement(value, CardJson.Options);
        // PROTOCOL.md §5.3: only object data gets the input values merged in.
        if (element.ValueKind != JsonValueKind.Object)
            throw new ArgumentException("Action data must serialize to a JSON object so that input values can be merged into it.", nameof(value));
        return element;
    }
}
