namespace SupportBot.Cards;

/// <summary>A self-help guide: title, summary, numbered steps with their links, and notes. Guide text is ours
/// (Content/guides), so it may use the card's markdown; links open in the browser.</summary>
public static class GuideCard
{
    public sealed record Step(string Title, string Text, string? LinkTitle, string? LinkUrl);

    public static AdaptiveCard Build(string language, string title, string summary, string stepsHeading, IReadOnlyList<Step> steps,
        string? notesHeading, IReadOnlyList<string> notes, AdaptiveElement? footer = null)
    {
        var body = new List<AdaptiveElement> { CardParts.Heading(title), CardParts.Paragraph(summary, subtle: true), new TextBlock(stepsHeading) { Weight = FontWeight.Bolder, Spacing = Spacing.Medium } };
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var items = new List<AdaptiveElement>
            {
                // A rich text run is not markdown: in a TextBlock "1. Title" would become an indented one-item list.
                new RichTextBlock { Inlines = [new TextRun($"{i + 1}. {step.Title}") { Weight = FontWeight.Bolder }] },
                CardParts.Paragraph(step.Text),
            };
            if (step.LinkUrl is not null)
                items.Add(new ActionSet { Actions = [new ActionOpenUrl(step.LinkUrl) { Title = step.LinkTitle ?? step.LinkUrl }] });
            body.Add(new Container { Spacing = Spacing.Small, Items = items });
        }
        if (notes.Count > 0 && notesHeading is not null)
            body.Add(new Container
            {
                Separator = true,
                Style = ContainerStyle.Emphasis,
                Items = [new TextBlock(notesHeading) { Weight = FontWeight.Bolder }, .. notes.Select(note => CardParts.Paragraph(note))],
            });
        if (footer is not null) body.Add(footer);
        return CardParts.Card(language, body, fallbackText: title);
    }
}
