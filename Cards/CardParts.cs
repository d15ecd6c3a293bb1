namespace SupportBot.Cards;

/// <summary>A button that sends <see cref="Data"/> (an Action.Submit with object data) back to the bot.</summary>
public sealed record CardButton(string Title, IReadOnlyDictionary<string, string> Data, ActionStyle? Style = null);

/// <summary>Pieces every support card is made of, so the cards look alike.</summary>
public static class CardParts
{
    /// <summary>At most this many buttons share a row: Teams' host config allows 6 actions per set and narrow screens want few.</summary>
    public const int ButtonsPerRow = 3;

    /// <summary>
    /// How wide a row of buttons may be, in narrow-character widths (a Latin letter = 1, a CJK character = 2), each
    /// button counting its title plus <see cref="ButtonPadding"/>. Teams lays an action set out in one line and cuts off
    /// what does not fit, so longer titles get fewer buttons per row. Measured with the card render test (Teams host
    /// config, a 440 px desktop card): three Latin titles of about 12 letters, or two of about 20, fit.
    /// </summary>
    public const int RowWidth = 48;

    /// <summary>A button's padding, border and gap to the next one, in narrow-character widths.</summary>
    public const int ButtonPadding = 4;

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

    /// <summary>The buttons as rows of action sets, in order, as many to a row as fit (<see cref="RowWidth"/>).</summary>
    public static IEnumerable<ActionSet> ButtonRows(IEnumerable<CardButton> buttons)
    {
        var row = new List<AdaptiveAction>();
        var width = 0;
        foreach (var button in buttons)
        {
            var buttonWidth = TitleWidth(button.Title) + ButtonPadding;
            if (row.Count > 0 && (row.Count == ButtonsPerRow || width + buttonWidth > RowWidth))
            {
                yield return new ActionSet { Actions = row };
                row = [];
                width = 0;
            }
            row.Add(Submit(button));
            width += buttonWidth;
        }
        if (row.Count > 0) yield return new ActionSet { Actions = row };
    }

    /// <summary>A title's width in narrow characters: East Asian wide characters (CJK, kana, hangul, full-width forms) count 2.</summary>
    public static int TitleWidth(string title) => title.Sum(character => IsWide(character) ? 2 : 1);

    private static bool IsWide(char character) => character switch
    {
        >= '\u1100' and <= '\u115F' => true,   // Hangul Jamo
        >= '\u2E80' and <= '\uA4CF' => true,   // CJK radicals, punctuation, kana, CJK ideographs, Yi
        >= '\uAC00' and <= '\uD7A3' => true,   // Hangul syllables
        >= '\uF900' and <= '\uFAFF' => true,   // CJK compatibility ideographs
        >= '\uFE30' and <= '\uFE4F' => true,   // CJK compatibility forms
        >= '\uFF00' and <= '\uFF60' => true,   // full-width forms
        >= '\uFFE0' and <= '\uFFE6' => true,
        _ => false,
    };

    /// <summary>The card's <c>lang</c> for one of our languages: the schema wants a 2-letter ISO 639-1 code, and the
    /// JavaScript renderer drops anything but 2–3 letters with a parse warning, so zh-Hans is written zh.</summary>
    // adaptive-card-1.5.json (AdaptiveCard.lang); adaptivecards 3.0.6 card-elements.js langProperty /^[a-z]{2,3}$/
    public static string CardLang(string language) => language.Split('-')[0];

    public static AdaptiveCard Card(string language, IEnumerable<AdaptiveElement> body, IEnumerable<AdaptiveAction>? actions = null, string? fallbackText = null) => new()
    {
        Lang = CardLang(language),
        FallbackText = fallbackText,
        Body = body.ToList(),
        Actions = actions?.ToList() ?? [],
    };
}
