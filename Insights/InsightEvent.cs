using System.Text.Json.Serialization;
using SupportBot.Requests.Privacy;

namespace SupportBot.Insights;

// Enums are stored by name (text columns), so rows stay readable and survive reordering.

/// <summary>What happened in a conversation that the /insights page counts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InsightEventKind>))]
public enum InsightEventKind
{
    /// <summary>The bot met a conversation for the first time (its welcome).</summary>
    ConversationStarted,
    GuideShown,
    /// <summary>"Did this solve it?" answered yes.</summary>
    GuideSolved,
    /// <summary>"Did this solve it?" answered no.</summary>
    GuideNotSolved,
    /// <summary>Helpful / not helpful on a guide card or an agent's answer.</summary>
    AnswerRated,
}

/// <summary>Who was talking (the support role of the turn's sender).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InsightRole>))]
public enum InsightRole
{
    Customer,
    Partner,
    Agent,
}

/// <summary>What a helpful / not helpful rating is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RatedAnswer>))]
public enum RatedAnswer
{
    /// <summary>A guide card; the subject is the guide id.</summary>
    Guide,
    /// <summary>An agent's message relayed to the person; the subject is the request id.</summary>
    AgentAnswer,
}

/// <summary>
/// One row of the append-only table <c>insight_events</c>. It carries no user id: channel, role, language and what
/// was shown, so the figures can be kept without keeping people.
/// </summary>
/// <param name="Channel">The Bot Framework channel id (<c>msteams</c>, <c>webchat</c>, <c>directline</c>, PROTOCOL.md §1).</param>
/// <param name="Language">One of <see cref="Localization.Language.All"/>.</param>
/// <param name="GuideId">The guide shown or answered; for a rating of a guide, the same.</param>
/// <param name="Rated">For <see cref="InsightEventKind.AnswerRated"/>: what was rated.</param>
/// <param name="Subject">For a rating: the guide id or request id.</param>
/// <param name="Helpful">For a rating: helpful (true) or not (false).</param>
/// <param name="Comment">For a rating: the optional comment, masked, contact details too (<see cref="PersonalDataMask.MaskContactDetails"/>): the lead reading it never deals with its writer.</param>
public sealed record InsightEvent(
    InsightEventKind Kind,
    DateTimeOffset At,
    string Channel,
    InsightRole Role,
    string Language,
    string? GuideId = null,
    RatedAnswer? Rated = null,
    string? Subject = null,
    bool? Helpful = null,
    string? Comment = null)
{
    public const int MaxCommentLength = 1000;

    public string? Comment { get; init => field = Clean(value); } = Clean(Comment);

    private static string? Clean(string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment)) return null;
        var trimmed = comment.Trim();
        return PersonalDataMask.MaskContactDetails(trimmed.Length > MaxCommentLength ? trimmed[..MaxCommentLength] : trimmed);
    }
}
