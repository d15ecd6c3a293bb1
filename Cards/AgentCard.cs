namespace SupportBot.Cards;

/// <summary>
/// The card agents work a request from, in their Teams channel: what was asked, by whom, what they tried, and
/// buttons that are Universal Actions (Action.Execute with an Action.Submit fallback, PROTOCOL.md §4.3) so that
/// Teams answers in place and the bot can update the card for everyone.
/// </summary>
public static class AgentCard
{
    /// <summary>The key of a fallback Action.Submit's data that carries the verb (old clients and Web Chat post the data as a message).</summary>
    public const string SubmitVerbKey = "agentAction";
    public const string RequestIdKey = "requestId";
    public const string RefreshVerb = "refresh";

    /// <summary>A button: runs <see cref="Verb"/> at once, or, with <see cref="Input"/>, opens a box to write in first.</summary>
    public sealed record Button(string Title, string Verb, ActionStyle? Style = null, TextInput? Input = null);

    /// <summary>The text an action needs (a question, a resolution note) and the title of its send button.</summary>
    public sealed record TextInput(string Id, string Label, string SendTitle, string RequiredMessage, int MaxLength);

    public sealed record Section(string Title, IReadOnlyList<AdaptiveElement> Items);

    /// <param name="Rows">Buttons, one action set per row.</param>
    public sealed record Model(
        string Language,
        string RequestId,
        string Heading,
        string Title,
        IReadOnlyList<Fact> Facts,
        IReadOnlyList<Section> Sections,
        IReadOnlyList<IReadOnlyList<Button>> Rows);

    public static AdaptiveCard Build(Model model)
    {
        var body = new List<AdaptiveElement>
        {
            new TextBlock(model.Heading) { Wrap = true, IsSubtle = true, Size = FontSize.Small },
            CardParts.Heading(UserText.EscapeMarkdown(model.Title, 200)),
            new FactSet { Facts = model.Facts.ToList() },
        };
        foreach (var section in model.Sections)
            body.Add(new Container
            {
                Separator = true,
                Items = [new TextBlock(section.Title) { Weight = FontWeight.Bolder, Wrap = true }, .. section.Items],
            });
        foreach (var row in model.Rows.Where(row => row.Count > 0))
            body.Add(new ActionSet { Actions = row.Select(button => Action(model, button)).ToList() });

        return new AdaptiveCard
        {
            Lang = CardParts.CardLang(model.Language),
            FallbackText = $"{model.Heading}: {model.Title}",
            // PROTOCOL.md §4.3: without userIds Teams refreshes the card automatically for everyone in channels of up to 60 members.
            Refresh = new Refresh(new ActionExecute { Verb = RefreshVerb, Data = CardData.From(Data(model.RequestId)) }),
            Body = body,
        };
    }

    /// <summary>An Action.Execute with an Action.Submit fallback carrying the same data plus the verb.</summary>
    public static ActionExecute Execute(string title, string verb, IReadOnlyDictionary<string, string> data, ActionStyle? style = null,
        AssociatedInputs? inputs = null) => new()
    {
        Title = title,
        Verb = verb,
        Style = style,
        Data = CardData.From(data),
        AssociatedInputs = inputs,
        Fallback = new ActionSubmit
        {
            Title = title,
            Style = style,
            Data = CardData.From(new Dictionary<string, string>(data) { [SubmitVerbKey] = verb }),
            AssociatedInputs = inputs,
        },
    };

    public static Dictionary<string, string> Data(string requestId) => new() { [RequestIdKey] = requestId };

    private static AdaptiveAction Action(Model model, Button button)
    {
        if (button.Input is not { } input)
            return Execute(button.Title, button.Verb, Data(model.RequestId), button.Style, AssociatedInputs.None);
        // No lang on a show-card's card: the renderer refuses it there (adaptivecards 3.0.6 parse warning); the parent's applies.
        var form = new AdaptiveCard
        {
            Body = [new InputText(input.Id) { Label = input.Label, IsMultiline = true, MaxLength = input.MaxLength, IsRequired = true, ErrorMessage = input.RequiredMessage }],
            Actions = [Execute(input.SendTitle, button.Verb, Data(model.RequestId), button.Style ?? ActionStyle.Positive)],
        };
        return new ActionShowCard(form) { Title = button.Title };
    }
}
