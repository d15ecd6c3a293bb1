using System.Diagnostics;
using System.Diagnostics.Metrics;
using SupportBot.Requests;

namespace SupportBot.Telemetry;

/// <summary>
/// What the support flows count: messages understood or not, guides shown and whether they solved it, requests
/// filed. Attribute values come from bounded sets (intent names, guide ids from Content/guides, request kinds).
/// </summary>
public sealed class SupportMetrics
{
    public const string MeterName = "SupportBot.Support";

    private readonly Counter<long> _recognitions;
    private readonly Counter<long> _guidesShown;
    private readonly Counter<long> _guidesAnswered;
    private readonly Counter<long> _requestsFiled;
    private readonly Counter<long> _articlesShown;
    private readonly Counter<long> _articlesAnswered;

    public SupportMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _recognitions = meter.CreateCounter<long>("support.intent.recognitions", "{message}",
            "Free-text messages through the intent recognizer: recognised (confident) or not understood.");
        _guidesShown = meter.CreateCounter<long>("support.guides.shown", "{guide}", "Self-help guides shown.");
        _guidesAnswered = meter.CreateCounter<long>("support.guides.answered", "{answer}",
            "Answers to \"Did this solve it?\" after a guide: solved or not_solved.");
        _requestsFiled = meter.CreateCounter<long>("support.requests.filed", "{request}", "Requests filed (a repeated submission is not counted again).");
        _articlesShown = meter.CreateCounter<long>("support.articles.shown", "{article}",
            "Knowledge articles shown: best (the card), other (offered beside it) or related (beside a guide).");
        _articlesAnswered = meter.CreateCounter<long>("support.articles.answered", "{answer}",
            "Answers to \"Did this solve it?\" after an article: solved or not_solved.");
    }

    public void IntentRecognised(string intent, bool understood, string recognizer, string language) =>
        _recognitions.Add(1, new TagList
        {
            { SupportTags.Intent, intent },
            { SupportTags.RecognitionOutcome, understood ? SupportTags.Recognised : SupportTags.NotUnderstood },
            { SupportTags.Recognizer, recognizer },
            { SupportTags.Language, language },
        });

    public void GuideShown(string? guideId, string language) =>
        _guidesShown.Add(1, new TagList { { SupportTags.Guide, guideId ?? SupportTags.Other }, { SupportTags.Language, language } });

    public void GuideAnswered(string? guideId, bool solved) =>
        _guidesAnswered.Add(1, new TagList
        {
            { SupportTags.Guide, guideId ?? SupportTags.Other },
            { SupportTags.GuideOutcome, solved ? SupportTags.Solved : SupportTags.NotSolved },
        });

    /// <summary>Article ids are file names writers choose (a bounded set, like guide ids).</summary>
    public void ArticleShown(string articleId, string language, string placement) =>
        _articlesShown.Add(1, new TagList { { SupportTags.Article, articleId }, { SupportTags.Language, language }, { SupportTags.ArticlePlacement, placement } });

    public void ArticleAnswered(string articleId, bool solved) =>
        _articlesAnswered.Add(1, new TagList
        {
            { SupportTags.Article, articleId },
            { SupportTags.GuideOutcome, solved ? SupportTags.Solved : SupportTags.NotSolved },
        });

    public void RequestFiled(FileResult filed)
    {
        if (!filed.Created) return;
        var request = filed.Request;
        _requestsFiled.Add(1, new TagList
        {
            { SupportTags.RequestKind, SupportTags.KindOf(request.Kind) },
            { SupportTags.Queue, SupportTags.QueueOf(request.Queue) },
            { SupportTags.LiveChat, request.LiveChat is not null },
        });
    }
}

/// <summary>Attribute names and values of <see cref="SupportMetrics"/> and <see cref="OutboxMetrics"/>.</summary>
public static class SupportTags
{
    public const string Intent = "support.intent";
    public const string RecognitionOutcome = "support.recognition.outcome";
    public const string Recognizer = "support.recognizer";
    public const string Language = "support.language";
    public const string Guide = "support.guide";
    public const string Article = "support.article";
    /// <summary>best, other or related (<see cref="SupportMetrics.ArticleShown"/>).</summary>
    public const string ArticlePlacement = "support.article.placement";
    public const string GuideOutcome = "support.guide.outcome";
    public const string RequestKind = "support.request.kind";
    public const string Queue = "support.queue";
    public const string LiveChat = "support.request.live_chat";

    public const string Other = "other";
    public const string Recognised = "recognised";
    public const string NotUnderstood = "not_understood";
    public const string Solved = "solved";
    public const string NotSolved = "not_solved";

    // Constant strings for the enum values: a tag value per filing without formatting.
    public static string KindOf(RequestKind kind) => kind switch
    {
        Requests.RequestKind.ServiceRequest => nameof(Requests.RequestKind.ServiceRequest),
        Requests.RequestKind.SubscriptionChange => nameof(Requests.RequestKind.SubscriptionChange),
        Requests.RequestKind.PartnerCenterRequest => nameof(Requests.RequestKind.PartnerCenterRequest),
        Requests.RequestKind.Escalation => nameof(Requests.RequestKind.Escalation),
        _ => Other,
    };

    public static string QueueOf(AgentQueue queue) => queue switch
    {
        AgentQueue.PartnerHelpdesk => nameof(AgentQueue.PartnerHelpdesk),
        AgentQueue.VianetDesk => nameof(AgentQueue.VianetDesk),
        _ => Other,
    };
}
