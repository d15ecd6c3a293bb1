namespace SupportBot.Cards;

/// <summary>A titled set of facts with optional sections of free text and buttons: receipts, request details.</summary>
public static class FactsCard
{
    public sealed record Section(string Title, IReadOnlyList<string> Lines, bool UserText = false);

    public static AdaptiveCard Build(string language, string title, string? intro, IEnumerable<Fact> facts,
        IEnumerable<Section>? sections = null, IEnumerable<CardButton>? buttons = null)
    {
        var body = new List<AdaptiveElement> { CardParts.Heading(title) };
        if (intro is not null) body.Add(CardParts.Paragraph(intro));
        var factList = facts.ToList();
        if (factList.Count > 0) body.Add(new FactSet { Facts = factList });
        foreach (var section in sections ?? [])
        {
            var items = new List<AdaptiveElement> { new TextBlock(section.Title) { Weight = FontWeight.Bolder, Wrap = true } };
            // Text people typed is shown as text, never as card markup.
            items.AddRange(section.Lines.Select(line => section.UserText ? UserText.Block(line, 1000) : (AdaptiveElement)CardParts.Paragraph(line)));
            body.Add(new Container { Separator = true, Items = items });
        }
        body.AddRange(CardParts.ButtonRows(buttons ?? []));
        return CardParts.Card(language, body, fallbackText: title);
    }
}
