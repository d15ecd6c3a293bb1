using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Guides;
using SupportBot.Requests;
using SupportBot.Requests.Forms;
using SupportBot.Telemetry;

namespace SupportBot.Dialogs;

public sealed class SelfHelpState
{
    /// <summary>The guide shown, or for an article the guide of its topic ("" when none): it says where "not solved" leads.</summary>
    public string GuideId { get; set; } = "";
    public string? ArticleId { get; set; }
    public bool CannotChange { get; set; }
}

/// <param name="ArticleId">A knowledge article to show instead of a guide, with <paramref name="OtherArticles"/> offered beside it.</param>
public sealed record SelfHelpOptions(string GuideId, string? ArticleId = null, IReadOnlyList<string>? OtherArticles = null);

/// <summary>
/// A self-help guide: shows its steps as a card, asks "Did this solve it?", and records what was shown and the
/// answer; that record goes with any request made afterwards. A guide the reader cannot act on (a customer's
/// subscription change) says so plainly and offers to ask the partner instead. A knowledge article (Content/knowledge)
/// goes the same way: its card (or a generated answer from it), "Did this solve it?", and where not solved leads.
/// </summary>
public sealed class SelfHelpFlow(GuideCatalog guides, Replies replies, SupportSession session, TimeProvider time, SupportMetrics metrics,
    ConversationInsights insights, AnswerFeedback feedback, KnowledgeArticles articles)
{
    public const string DialogId = "selfHelp";
    public const string SelfHelpProperty = "selfHelp";

    public Dialog Create() => new WaterfallDialog<SelfHelpState>(DialogId, [ShowAsync, AnswerAsync, EscalateOfferAsync]);

    /// <summary>The card for a guide as <paramref name="role"/> reads it, and the record of what it showed.</summary>
    public (AdaptiveCard Card, SelfHelpRecord Record, GuideContent Content) Render(string guideId, string language, GuideRole role)
    {
        var guide = guides.Get(guideId, language);
        var content = guide.For(role);
        var steps = content.Steps.Select(step => new GuideCard.Step(step.Title, step.Text, step.Link?.Title, step.Link?.Url.ToString())).ToList();
        var notes = content.Notes.ToList();
        if (content.Outcome?.Statement is { } statement) notes.Insert(0, statement);
        var card = GuideCard.Build(language, guide.Title, content.Summary, replies.Text(language, "guide.steps"), steps, replies.Text(language, "guide.notes"), notes,
            feedback.GuideSection(language, guide.Id));
        var record = new SelfHelpRecord
        {
            GuideId = guide.Id,
            GuideTitle = guide.Title,
            StepsShown = content.Steps.Select(step => step.Id).ToList(),
            At = time.GetUtcNow(),
        };
        return (card, record, content);
    }

    private async Task<DialogTurnResult> ShowAsync(WaterfallStepContext<SelfHelpState> step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<SelfHelpOptions>() ?? throw new InvalidOperationException("A guide id is required.");
        var turn = step.Context;
        if (options.ArticleId is { } articleId && articles.Find(turn, articleId, step.Language) is { } article)
            return await ShowArticleAsync(step, article, options, cancellationToken);
        var role = session.RoleOf(turn);
        var (card, record, content) = Render(options.GuideId, step.Language, role);
        step.State.GuideId = options.GuideId;
        step.State.CannotChange = content.Outcome?.CustomerCannotChange == true && role == GuideRole.Customer;
        // Free text a guide answers shows the guide; articles that also fit it are offered below the guide.
        var related = articles.Related(turn, step.Language);
        if (related.Count > 0)
            card.Body.Add(new Container
            {
                Separator = true,
                Items = [new TextBlock(replies.Text(step.Language, "knowledge.related")) { Weight = FontWeight.Bolder, Wrap = true }, .. CardParts.ButtonRows(related.Select(articles.Button))],
            });
        foreach (var shown in related) metrics.ArticleShown(shown.Id, step.Language, "related");
        Shown(turn, WithArticles(turn, record, related), step.Language);
        await turn.SendActivityAsync(replies.Card(turn, step.Language, card), cancellationToken);

        // The offer ("send your partner a request?") is guide content, so it exists in every language.
        if (step.State.CannotChange && content.Outcome?.Offer is not null)
            return await step.PromptAsync(SupportDialog.ConfirmPromptId, SupportPromptMessages.GuideOffer(options.GuideId, role), cancellationToken);
        return await step.PromptAsync(SupportDialog.ConfirmPromptId, Prompts.Localized("guide.solvedQuestion"), cancellationToken);
    }

    private async Task<DialogTurnResult> ShowArticleAsync(WaterfallStepContext<SelfHelpState> step, Knowledge.Article article, SelfHelpOptions options,
        CancellationToken cancellationToken)
    {
        var turn = step.Context;
        var others = (options.OtherArticles ?? []).Select(id => articles.Find(turn, id, step.Language)).OfType<Knowledge.Article>().ToList();
        step.State.ArticleId = article.Id;
        step.State.GuideId = guides.ByIntent(article.Topic) ?? "";
        var card = await articles.GeneratedCardAsync(turn, article, others, step.Language, cancellationToken) ?? articles.Card(article, others, step.Language);
        var record = new SelfHelpRecord { ArticleId = article.Id, ArticleTitle = article.Title, At = time.GetUtcNow() };
        metrics.ArticleShown(article.Id, step.Language, "best");
        foreach (var other in others) metrics.ArticleShown(other.Id, step.Language, "other");
        turn.State.Conversation.Set(SelfHelpProperty, WithArticles(turn, record, [article, .. others]));
        await turn.SendActivityAsync(replies.Card(turn, step.Language, card), cancellationToken);
        return await step.PromptAsync(SupportDialog.ConfirmPromptId, Prompts.Localized("guide.solvedQuestion"), cancellationToken);
    }

    /// <summary>
    /// <paramref name="record"/> with <paramref name="shown"/> added to the articles shown in this chat (kept from the
    /// record before it, so the request says everything the person read).
    /// </summary>
    private static SelfHelpRecord WithArticles(TurnContext turn, SelfHelpRecord record, IReadOnlyList<Knowledge.Article> shown)
    {
        var before = turn.State.Conversation.Find<SelfHelpRecord>(SelfHelpProperty)?.ArticlesShown ?? [];
        return record with { ArticlesShown = before.Concat(record.ArticlesShown).Concat(shown.Select(article => article.Id)).Distinct(StringComparer.Ordinal).ToList() };
    }

    private async Task<DialogTurnResult> AnswerAsync(WaterfallStepContext<SelfHelpState> step, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        var yes = step.ResultBoolean == true;
        if (step.State.CannotChange)
        {
            Answered(turn, solved: false);
            if (yes) return await step.ReplaceDialogAsync(RequestFormFlow.DialogId, new RequestFormOptions(RequestForms.SubscriptionChangeName), cancellationToken);
            await turn.SendActivityAsync(replies.Say(turn, step.Language, "guide.offerDeclined"), cancellationToken);
            return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }

        Answered(turn, solved: yes);
        if (yes)
        {
            await turn.SendActivityAsync(replies.Say(turn, step.Language, "guide.solved"), cancellationToken);
            return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }

        // The guide says what fits its readers (a partner's own bill → a Partner Center request about billing);
        // where it says nothing: customers ask their partner, partners are offered the escalation.
        var role = session.RoleOf(turn);
        var guideSays = guides.TryGet(step.State.GuideId, step.Language, out var guide) ? guide.NotSolvedFor(role) : null;
        switch (guideSays)
        {
            case { Request: GuideNotSolved.EscalationPrecheck }:
                return await step.ReplaceDialogAsync(EscalationPrecheckFlow.DialogId, cancellationToken: cancellationToken);
            case { Request: RequestForms.PartnerCenterRequestName } declared:
                return await step.ReplaceDialogAsync(RequestFormFlow.DialogId,
                    new RequestFormOptions(RequestForms.PartnerCenterRequestName, "guide.notSolved.partnerCenter", Category: declared.Category), cancellationToken);
            case { } declared:
                return await step.ReplaceDialogAsync(RequestFormFlow.DialogId,
                    new RequestFormOptions(declared.Request, "guide.notSolved.customer", Area: Area(step.State)), cancellationToken);
        }
        switch (role)
        {
            case GuideRole.Customer:
                return await step.ReplaceDialogAsync(RequestFormFlow.DialogId,
                    new RequestFormOptions(RequestForms.ServiceRequestName, "guide.notSolved.customer", Area: Area(step.State)), cancellationToken);
            case GuideRole.Partner:
                await turn.SendActivityAsync(replies.Say(turn, step.Language, "guide.notSolved.partner"), cancellationToken);
                return await step.PromptAsync(SupportDialog.ConfirmPromptId, Prompts.Localized("guide.escalateOffer"), cancellationToken);
            default:
                await turn.SendActivityAsync(replies.Say(turn, step.Language, "guide.notSolved.agent"), cancellationToken);
                return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }
    }

    private static string? Area(SelfHelpState state) => state.GuideId.Length > 0 ? state.GuideId : null;

    private async Task<DialogTurnResult> EscalateOfferAsync(WaterfallStepContext<SelfHelpState> step, CancellationToken cancellationToken)
    {
        if (step.ResultBoolean == true)
            return await step.ReplaceDialogAsync(EscalationPrecheckFlow.DialogId, cancellationToken: cancellationToken);
        await step.Context.SendActivityAsync(replies.Say(step.Context, step.Language, "guide.offerDeclined"), cancellationToken);
        return await step.EndDialogAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Remembers what a guide showed (it goes with any request made afterwards) and counts it.</summary>
    public void Shown(TurnContext turn, SelfHelpRecord record, string language)
    {
        turn.State.Conversation.Set(SelfHelpProperty, record);
        metrics.GuideShown(record.GuideId, language);
        insights.GuideShown(turn, record.GuideId, language);
    }

    /// <summary>Records the answer to "Did this solve it?" on the guide last shown, and counts it.</summary>
    public void Answered(TurnContext turn, bool solved)
    {
        if (turn.State.Conversation.Find<SelfHelpRecord>(SelfHelpProperty) is not { } record) return;
        turn.State.Conversation.Set(SelfHelpProperty, record with { Answer = solved ? "solved" : "notSolved" });
        if (record.ArticleId is { } articleId) metrics.ArticleAnswered(articleId, solved);
        else metrics.GuideAnswered(record.GuideId, solved);
        insights.GuideAnswered(turn, record.ArticleId ?? record.GuideId, solved);
    }
}

/// <summary>Guide ids the flows refer to by name (Content/guides).</summary>
public static class GuideIds
{
    public const string PartnerCenterRequests = "partner-center-requests";
    public const string EscalationPrecheck = "escalation-precheck";
    public const string SubscriptionChange = "subscription-change";
}
