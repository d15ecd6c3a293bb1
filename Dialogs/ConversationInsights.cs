using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Dialogs.Guides;
using SupportBot.Insights;
using SupportBot.Requests;

namespace SupportBot.Dialogs;

/// <summary>
/// What the flows tell the /insights page as it happens: a conversation started, a guide shown or answered, an
/// answer rated. The turn's channel, role and language go with each (no user id). Queued, so a turn never waits for it.
/// </summary>
public sealed class ConversationInsights(InsightsRecorder recorder, SupportSession session)
{
    public void Started(TurnContext turn) => Record(turn, InsightEventKind.ConversationStarted, session.LanguageOf(turn));

    public void GuideShown(TurnContext turn, string? guideId, string language) => Record(turn, InsightEventKind.GuideShown, language, guideId);

    public void GuideAnswered(TurnContext turn, string? guideId, bool solved) =>
        Record(turn, solved ? InsightEventKind.GuideSolved : InsightEventKind.GuideNotSolved, session.LanguageOf(turn), guideId);

    public void Rated(TurnContext turn, RatedAnswer rated, string subject, bool helpful, string? comment) =>
        recorder.Record(new InsightEvent(InsightEventKind.AnswerRated, recorder.Time.GetUtcNow(), Channel(turn), RoleOf(turn), session.LanguageOf(turn),
            GuideId: rated == RatedAnswer.Guide ? subject : null, Rated: rated, Subject: subject, Helpful: helpful, Comment: comment));

    private void Record(TurnContext turn, InsightEventKind kind, string language, string? guideId = null) =>
        recorder.Record(new InsightEvent(kind, recorder.Time.GetUtcNow(), Channel(turn), RoleOf(turn), language, guideId));

    // Channel ids come from the authenticated activity; anything but the channels the bot serves is counted as "other".
    private static string Channel(TurnContext turn) => turn.Activity.ChannelId switch
    {
        Channels.MsTeams => Channels.MsTeams,
        Channels.WebChat => Channels.WebChat,
        Channels.DirectLine => Channels.DirectLine,
        _ => "other",
    };

    private InsightRole RoleOf(TurnContext turn) => session.RoleOf(turn) switch
    {
        GuideRole.Partner => InsightRole.Partner,
        GuideRole.Agent => InsightRole.Agent,
        _ => InsightRole.Customer,
    };
}

/// <summary>
/// "Was this helpful?" on guide cards and on agents' answers relayed to the person (<see cref="FeedbackCard"/>): a
/// press is recorded (with the comment, masked) and thanked, whatever the person was doing; their flow goes on.
/// A rating of a request's answer counts only from that request's requester.
/// </summary>
public sealed class AnswerFeedback(ConversationInsights insights, GuideCatalog guides, IRequestStore requests, Replies replies, SupportSession session)
{
    public static bool IsSubmit(Activity activity) =>
        activity.IsType(ActivityTypes.Message) && activity.Value is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty(FeedbackCard.FeedbackKey, out var feedback) && feedback.ValueKind == JsonValueKind.String;

    public FeedbackCard.Texts Texts(string language) => new(replies.Text(language, "feedback.question"), replies.Text(language, "feedback.comment"),
        replies.Text(language, "feedback.helpful"), replies.Text(language, "feedback.notHelpful"));

    public Container GuideSection(string language, string guideId) => FeedbackCard.Section(Texts(language), nameof(RatedAnswer.Guide), guideId);

    public AdaptiveCard AgentAnswerCard(string language, string requestId) => FeedbackCard.Build(language, Texts(language), nameof(RatedAnswer.AgentAnswer), requestId);

    public async Task OnSubmitAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var value = turn.Activity.Value!.Value;
        var language = session.LanguageOf(turn);
        var helpful = Text(value, FeedbackCard.FeedbackKey) switch { FeedbackCard.Helpful => true, FeedbackCard.NotHelpful => false, _ => (bool?)null };
        var rated = Enum.TryParse<RatedAnswer>(Text(value, FeedbackCard.RatedKey), ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : (RatedAnswer?)null;
        var subject = Text(value, FeedbackCard.SubjectKey);
        if (helpful is { } isHelpful && rated is { } kind && subject is { Length: > 0 and <= 100 } && await IsRateableAsync(turn, kind, subject, language, cancellationToken))
            insights.Rated(turn, kind, subject, isHelpful, Text(value, FeedbackCard.CommentInputId));
        // Thanked either way: a stale or forged button learns nothing from the answer.
        await turn.SendActivityAsync(replies.Say(turn, language, "feedback.thanks"), cancellationToken);
    }

    private async Task<bool> IsRateableAsync(TurnContext turn, RatedAnswer rated, string subject, string language, CancellationToken cancellationToken) => rated switch
    {
        RatedAnswer.Guide => guides.TryGet(subject, language, out _),
        RatedAnswer.AgentAnswer => await requests.GetAsync(subject, cancellationToken) is { } request && request.Requester.Is(turn.Activity.ChannelId, turn.Activity.From?.Id),
        _ => false,
    };

    private static string? Text(JsonElement value, string key) =>
        value.TryGetProperty(key, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
}
