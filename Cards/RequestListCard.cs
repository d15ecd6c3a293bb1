namespace SupportBot.Cards;

/// <summary>A person's requests, newest first: number, title, status and when it last changed, with buttons per request.</summary>
public static class RequestListCard
{
    public sealed record Item(string Id, string Title, string Status, string Updated, IReadOnlyList<CardButton> Buttons);

    public static AdaptiveCard Build(string language, string title, IReadOnlyList<Item> items)
    {
        var body = new List<AdaptiveElement> { CardParts.Heading(title) };
        foreach (var item in items)
        {
            body.Add(new Container
            {
                Separator = true,
                Items =
                [
                    new TextBlock(item.Id) { Weight = FontWeight.Bolder, Wrap = true },
                    // The title is what the requester typed: show it as text.
                    UserText.Block(item.Title, 200),
                    new FactSet { Facts = [new Fact(item.Status, item.Updated)] },
                    .. CardParts.ButtonRows(item.Buttons),
                ],
            });
        }
        return CardParts.Card(language, body, fallbackText: title);
    }
}
