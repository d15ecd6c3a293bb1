namespace SupportBot.Cards;

/// <summary>
/// "Was this helpful?" under an answer: an optional comment and two buttons. Both buttons send the comment with
/// <c>{"feedback": "helpful"|"notHelpful", "rated": kind, "subject": id}</c> (an Action.Submit's data merged with the
/// card's inputs, PROTOCOL.md §4.2).
/// </summary>
public static class FeedbackCard
{
    public const string FeedbackKey = "feedback";
    public const string RatedKey = "rated";
    public const string SubjectKey = "subject";
    public const string CommentInputId = "feedbackComment";
    public const string Helpful = "helpful";
    public const string NotHelpful = "notHelpful";
    public const int MaxCommentLength = 1000;

    public sealed record Texts(string Question, string CommentPlaceholder, string Helpful, string NotHelpful);

    /// <summary>The part to put at the bottom of a card; <paramref name="rated"/> and <paramref name="subject"/> say what is rated.</summary>
    public static Container Section(Texts texts, string rated, string subject) => new()
    {
        Separator = true,
        Spacing = Spacing.Medium,
        Items =
        [
            new TextBlock(texts.Question) { Weight = FontWeight.Bolder, Wrap = true },
            new InputText(CommentInputId) { Placeholder = texts.CommentPlaceholder, MaxLength = MaxCommentLength, IsMultiline = false },
            new ActionSet { Actions = [Button(texts.Helpful, Helpful, rated, subject), Button(texts.NotHelpful, NotHelpful, rated, subject)] },
        ],
    };

    /// <summary>A card of its own (under a message that is not a card, such as an agent's answer relayed as plain text).</summary>
    public static AdaptiveCard Build(string language, Texts texts, string rated, string subject) =>
        CardParts.Card(language, [Section(texts, rated, subject)], fallbackText: texts.Question);

    private static ActionSubmit Button(string title, string value, string rated, string subject) => new()
    {
        Title = title,
        Data = CardData.From(new Dictionary<string, string> { [FeedbackKey] = value, [RatedKey] = rated, [SubjectKey] = subject }),
    };
}
