namespace SupportBot.Cards;

/// <summary>A button that sends <see cref="Data"/> (an Action.Submit with object data) back to the bot.</summary>
public sealed record CardButton(string Title, IReadOnlyDictionary<string, string> Data, ActionStyle? Style = null);

/// <summary>Pieces every support card is made of, so the cards look alike.</summary>
public static class CardParts
{
    /// <summary>Buttons per row: Teams' host config allows a handful of actions per set and narrow screens want few.</summary>
    public const int ButtonsPerRow = 3;

    public static TextBlock Heading(string text) => new(text) { Size = FontSize.Medium, Weight = FontWeight.Bolder, Wrap = true, Style = TextBlockStyle.Heading };

    public static TextBlock Paragraph(string text, bool subtle = false) => new(text) { Wrap = true, IsSubtle = subtle ? true : null };

    public static ActionSubmit Submit(CardButton button) => new()
    {
        Title = button.Title,
        Style = button.Style,
        Data = CardData.From(button.Data),
        // Menu and choice buttons carry their answer in data; the card's inputs (if any) are not theirs.
        AssociatedInputs = AssociatedInputs.None,
    };

    /// <summary>The buttons as rows of action sets, in order.</summary>
    public static IEnumerable<ActionSet> ButtonRows(IEnumerable<CardButton> buttons) =>
        buttons.Chunk(ButtonsPerRow).Select(row => new ActionSet { Actions = row.Select(Submit).Cast<AdaptiveAction>().ToList() });

    public static AdaptiveCard Card(string language, IEnumerable<AdaptiveElement> body, IEnumerable<AdaptiveAction>? actions = null, string? fallbackText = null) => new()
    {
        Lang = language,
        FallbackText = fallbackText,
        Body = body.ToList(),
        Actions = actions?.ToList() ?? [],
    };
}
