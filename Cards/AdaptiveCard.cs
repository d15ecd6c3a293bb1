using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.Bot.Schema;

namespace SupportBot.Cards;

/// <summary>
/// An Adaptive Card 1.5 (PROTOCOL.md §5.1: Teams renders up to 1.5). Build it with object and collection
/// initializers; <see cref="ToAttachment"/> checks the size budget and input ids before anything is sent.
/// </summary>
public sealed class AdaptiveCard
{
    // PROTOCOL.md §5.1 (microsoft/AdaptiveCards schemas/1.5.0/adaptive-card.json, "id").
    public const string SchemaUrl = "http://adaptivecards.io/schemas/adaptive-card.json";
    public const string Version15 = "1.5";
    // PROTOCOL.md §4.7: budget a card at 28 KB serialized (the channel post limit; Teams' whole-message limit is larger).
    public const int MaxBytes = 28 * 1024;

    [JsonPropertyOrder(-3)]
    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema"), JsonPropertyOrder(-2)]
    public string Schema => SchemaUrl;

    [JsonPropertyOrder(-1)]
    public string Version { get; init; } = Version15;

    /// <summary>Shown by hosts that cannot render the card (and read by screen readers in some).</summary>
    public string? FallbackText { get; init; }

    /// <summary>BCP-47 language of the card text (e.g. <c>zh-CN</c>); hosts use it for date formatting.</summary>
    public string? Lang { get; init; }

    public Refresh? Refresh { get; init; }

    public List<AdaptiveElement> Body { get; init; } = [];

    [OmitWhenEmpty]
    public List<AdaptiveAction> Actions { get; init; } = [];

    public string ToJson() => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(ToElement()));

    /// <summary>The card as a message attachment; throws if it is over <see cref="MaxBytes"/> or its input ids clash.</summary>
    public Attachment ToAttachment() => new() { ContentType = ContentTypes.AdaptiveCard, Content = ToElement() };

    /// <summary>
    /// The card as JSON, checked: serialised once, straight to UTF-8 (its size is the element's raw length). Going
    /// through a string and parsing it back cost two transcodings and a copy of every card a turn sends.
    /// </summary>
    public JsonElement ToElement()
    {
        var element = JsonSerializer.SerializeToElement(this, CardJson.Options);
        var bytes = JsonMarshal.GetRawUtf8Value(element).Length;
        if (bytes > MaxBytes) throw new CardTooLargeException(bytes);
        CheckInputIds();
        return element;
    }

    /// <summary>Every element of the card, nested ones and those of show-card sub-cards included.</summary>
    public IEnumerable<AdaptiveElement> Descendants()
    {
        foreach (var element in Body)
            foreach (var descendant in Walk(element))
                yield return descendant;
        foreach (var action in Actions)
            foreach (var descendant in Walk(action))
                yield return descendant;
    }

    /// <summary>Every action of the card, in the body (action sets) and at the bottom, sub-cards included.</summary>
    public IEnumerable<AdaptiveAction> AllActions() =>
        Actions.Concat(Descendants().OfType<ActionSet>().SelectMany(set => set.Actions))
            .SelectMany(action => action is ActionShowCard show ? [action, .. show.Card.AllActions()] : new[] { action });

    private static IEnumerable<AdaptiveElement> Walk(AdaptiveElement element)
    {
        yield return element;
        IEnumerable<AdaptiveElement> children = element switch
        {
            Container container => container.Items,
            ColumnSet columns => columns.Columns.SelectMany(column => column.Items),
            _ => [],
        };
        foreach (var child in children)
            foreach (var descendant in Walk(child))
                yield return descendant;
        if (element is ActionSet set)
            foreach (var action in set.Actions)
                foreach (var descendant in Walk(action))
                    yield return descendant;
    }

    private static IEnumerable<AdaptiveElement> Walk(AdaptiveAction action) =>
        action is ActionShowCard show ? show.Card.Descendants() : [];

    // PROTOCOL.md §5.3: the renderer writes each input value over the data key of the same name, so a clash would
    // silently replace e.g. the form name or submission id; two inputs with one id would lose a value.
    private void CheckInputIds()
    {
        var inputs = Descendants().OfType<AdaptiveInput>().ToList();
        if (inputs.Count == 0) return; // most cards a turn sends (guides, questions, receipts) have none
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var dataKeys = AllActions()
            .Select(action => action switch { ActionSubmit submit => submit.Data, ActionExecute execute => execute.Data, _ => null })
            .Where(data => data is { ValueKind: JsonValueKind.Object })
            .SelectMany(data => data!.Value.EnumerateObject().Select(property => property.Name))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!ids.Add(input.Id!)) throw new InvalidOperationException($"Two inputs of the card have the id '{input.Id}'.");
            if (dataKeys.Contains(input.Id!) || FormSubmitData.ReservedKeys.Contains(input.Id!))
                throw new InvalidOperationException($"The input id '{input.Id}' is also a key of an action's data; the input value would overwrite it.");
        }
    }
}

/// <summary>Universal Actions refresh (PROTOCOL.md §4.3): automatic for the listed user MRIs (max 60), manual otherwise.</summary>
public sealed class Refresh
{
    public Refresh(ActionExecute action) => Action = action;

    [JsonConstructor]
    private Refresh(AdaptiveAction action) =>
        Action = action as ActionExecute ?? throw new JsonException("refresh.action must be an Action.Execute.");

    // PROTOCOL.md §4.3 (Up-To-Date-Views): at most 60 users refresh automatically.
    public const int MaxUserIds = 60;

    // Declared as the base type so the "type" discriminator is written (Teams needs "Action.Execute" here).
    public AdaptiveAction Action { get; }

    /// <summary>Null = every member refreshes automatically (chats of ≤60); empty = manual refresh only.</summary>
    public List<string>? UserIds
    {
        get;
        init => field = value is { Count: > MaxUserIds } ? throw new ArgumentException($"refresh.userIds holds at most {MaxUserIds} users.") : value;
    }
}

public sealed class CardTooLargeException(int bytes)
    : InvalidOperationException($"The card is {bytes} bytes serialized; the budget is {AdaptiveCard.MaxBytes} bytes (PROTOCOL.md §4.7). Split it or trim its text.")
{
    public int Bytes { get; } = bytes;
}
