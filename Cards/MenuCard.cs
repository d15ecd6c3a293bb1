namespace SupportBot.Cards;

/// <summary>Topics kept behind a "More topics" button, so the card opens with the few that fit the person first.</summary>
public sealed record MoreTopics(string Title, IReadOnlyList<CardButton> Topics);

/// <summary>The welcome (or "what next?") card: a title, a line on what the bot does, and the topic buttons.</summary>
public static class MenuCard
{
    /// <param name="title">Shown as the heading; null for the short menu after a misunderstanding.</param>
    /// <param name="lines">Paragraphs under the heading, in order.</param>
    /// <param name="topics">The topic buttons shown at once.</param>
    /// <param name="more">The other topics, revealed in place by one button (Action.ShowCard: no round trip); null when there are none.</param>
    /// <param name="footer">A last row of smaller buttons (status, a person, language…).</param>
    public static AdaptiveCard Build(string language, string? title, IEnumerable<string> lines, IEnumerable<CardButton> topics, MoreTopics? more, IEnumerable<CardButton> footer)
    {
        var body = new List<AdaptiveElement>();
        if (title is not null) body.Add(CardParts.Heading(title));
        body.AddRange(lines.Select(line => CardParts.Paragraph(line)));
        body.AddRange(CardParts.ButtonRows(topics));
        if (more is { Topics.Count: > 0 })
        {
            // No lang on a show-card's card: the renderer refuses it there (adaptivecards 3.0.6 parse warning); the parent's applies.
            var moreCard = new AdaptiveCard { Body = CardParts.ButtonRows(more.Topics).Cast<AdaptiveElement>().ToList() };
            body.Add(new ActionSet { Actions = [new ActionShowCard(moreCard) { Title = more.Title }] });
        }
        var footerRows = CardParts.ButtonRows(footer).ToList();
        if (footerRows.Count > 0)
        {
            body.Add(new Container { Separator = true, Spacing = Spacing.Medium, Items = footerRows.Cast<AdaptiveElement>().ToList() });
        }
        return CardParts.Card(language, body, fallbackText: title ?? lines.FirstOrDefault());
    }
}
