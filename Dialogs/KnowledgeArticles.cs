using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Dialogs.Guides;
using SupportBot.Knowledge;

namespace SupportBot.Dialogs;

/// <summary>
/// Knowledge articles in the chat: which articles fit what a person typed (for their role), and how an article, a
/// generated answer and the "other articles" buttons look. The self-help flow shows them and records what was shown.
/// </summary>
public sealed class KnowledgeArticles(KnowledgeBase knowledge, GeneratedAnswers generated, Replies replies, SupportSession session)
{
    public static Audience AudienceOf(GuideRole role) => role switch
    {
        GuideRole.Partner => Audience.Partner,
        GuideRole.Agent => Audience.Agent,
        _ => Audience.Customer,
    };

    /// <summary>The self-help to start for free text no guide answers: the best article and the others to offer, or null.</summary>
    public SelfHelpOptions? ForQuestion(TurnContext turn, string text, string language)
    {
        var hits = knowledge.Suggest(text, language, AudienceOf(session.RoleOf(turn)));
        return hits.Count == 0 ? null : new SelfHelpOptions("", hits[0].Article.Id, hits.Skip(1).Select(hit => hit.Article.Id).ToList());
    }

    /// <summary>Articles to offer beside a guide shown for free text (up to three; none for a menu click).</summary>
    public IReadOnlyList<Article> Related(TurnContext turn, string language)
    {
        var text = turn.Activity.GetTextWithoutBotMention();
        if (string.IsNullOrWhiteSpace(text)) return [];
        return knowledge.Suggest(text, language, AudienceOf(session.RoleOf(turn))).Select(hit => hit.Article).ToList();
    }

    /// <summary>The article in <paramref name="language"/> if <paramref name="turn"/>'s sender may read it.</summary>
    public Article? Find(TurnContext turn, string id, string language) =>
        knowledge.Find(id, language) is { } article && article.IsFor(AudienceOf(session.RoleOf(turn))) ? article : null;

    public CardButton Button(Article article) => new(UserText.Truncate(article.Title, 60), new Topic(Topic.Article, article.Id).ToData());

    public AdaptiveCard Card(Article article, IReadOnlyList<Article> others, string language) =>
        ArticleCard.Build(new ArticleCard.Model(language, article.Title, article.Body, replies.Text(language, "knowledge.source"),
            article.Source.ToString(), replies.Text(language, "knowledge.reviewed", article.Reviewed.ToString("yyyy-MM-dd")),
            replies.Text(language, "knowledge.others"), others.Select(Button).ToList()));

    /// <summary>
    /// A generated answer from <paramref name="article"/> and <paramref name="others"/> when Azure OpenAI is configured
    /// and answers in time; null otherwise (the caller shows the article card).
    /// </summary>
    public async Task<AdaptiveCard?> GeneratedCardAsync(TurnContext turn, Article article, IReadOnlyList<Article> others, string language, CancellationToken cancellationToken)
    {
        var question = turn.Activity.GetTextWithoutBotMention();
        if (!generated.IsConfigured || string.IsNullOrWhiteSpace(question)) return null;
        if (await generated.AnswerAsync(question, language, [article, .. others], cancellationToken) is not { } answer) return null;
        // The model's words are not ours: shown as plain text, never as card markdown.
        var body = new List<AdaptiveElement>
        {
            new TextBlock(replies.Text(language, "knowledge.generated.label")) { Wrap = true, IsSubtle = true, Size = FontSize.Small },
            CardParts.Heading(replies.Text(language, "knowledge.generated.title")),
            UserText.Block(answer.Text, 1500),
            new TextBlock(replies.Text(language, "knowledge.generated.sources")) { Weight = FontWeight.Bolder, Wrap = true, Spacing = Spacing.Medium },
        };
        var sources = new List<Article> { article };
        sources.AddRange(others);
        body.AddRange(CardParts.ButtonRows(answer.Cited.Select(cited => Button(cited) with { Title = $"[{sources.IndexOf(cited) + 1}] {UserText.Truncate(cited.Title, 56)}" })));
        return CardParts.Card(language, body, fallbackText: replies.Text(language, "knowledge.generated.title"));
    }
}
