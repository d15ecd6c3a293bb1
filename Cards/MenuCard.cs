namespace SupportBot.Cards;

/// <summary>The welcome (or "what next?") card: a title, a line on what the bot does, and the topic buttons.</summary>
public static class MenuCard
{
    /// <param name="title">Shown as the heading; null for the short menu after a misunderstanding.</param>
    /// <param name="lines">Paragraphs under the heading, in order.</param>
    /// <param name="topics">The topic buttons.</param>
    /// <param name="footer">A last row of smaller buttons (status, a person, language…).</param>
    public static AdaptiveCard Build(string language, string? title, IEnumerable<string> lines, IEnumerable<CardButton> topics, IEnumerable<CardButton> footer)
    {
        var body = new List<AdaptiveElement>();
        if (title is not null) body.Add(CardParts.Heading(title));
        body.AddRange(lines.Select(line => CardParts.Paragraph(line)));
        body.AddRange(CardParts.ButtonRows(topics));
        var footerRows = CardParts.ButtonRows(footer).ToList();
        if (footerRows.Count > 0)
        {
            body.Add(new Container { Separator = true, Spacing = Spacing.Medium, Items = footerRows.Cast<AdaptiveElement>().ToList() });
        }
        return CardParts.Card(language, body, fallbackText: title ?? lines.FirstOrDefault());
    }
}
