using System.Globalization;
using Microsoft.Extensions.Options;
using SupportBot.Cards;
using SupportBot.Dialogs.Guides;
using SupportBot.Requests;

namespace SupportBot.Dialogs;

/// <summary>How requests look to the people who filed them: receipts, the list, the details.</summary>
public sealed class RequestViews(Replies replies, IOptions<RequestOptions> options, GuideCatalog guides)
{
    private readonly TimeZoneInfo _zone = options.Value.ResolveIdTimeZone();

    public string When(DateTimeOffset at, string language)
    {
        var local = TimeZoneInfo.ConvertTime(at, _zone);
        var offset = local.Offset;
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})";
    }

    public string Status(RequestStatus status, string language) => replies.Text(language, $"status.{status}");

    public string Severity(string severity, string language) => replies.TryText(language, $"form.severity.{severity}") ?? severity;

    /// <summary>The read-only receipt that replaces a submitted form (<paramref name="formAbove"/>: it follows the form, which a channel like Web Chat cannot update).</summary>
    public AdaptiveCard Receipt(ServiceRequest request, string language, bool repeated, bool formAbove = false)
    {
        var intro = replies.Text(language, $"receipt.next.{request.Kind}");
        if (repeated) intro = replies.Text(language, "receipt.already") + " " + intro;
        if (formAbove) intro = replies.Text(language, "receipt.formDone") + " " + intro;
        var sections = new List<FactsCard.Section>();
        if (request.SelfHelp is { } selfHelp && SelfHelpLines(selfHelp, language) is { Count: > 0 } lines)
            sections.Add(new FactsCard.Section(replies.Text(language, "receipt.selfHelp"), lines));
        return FactsCard.Build(language, replies.Text(language, "receipt.title", request.Id), intro, Facts(request, language), sections,
            [new CardButton(replies.Text(language, "menu.status"), new Topic(Topic.Status).ToData())]);
    }

    public AdaptiveCard List(IReadOnlyList<ServiceRequest> requests, string language) =>
        RequestListCard.Build(language, replies.Text(language, "status.title"), requests.Take(10).Select(request => new RequestListCard.Item(
            request.Id,
            request.Title,
            Status(request.Status, language),
            When(request.History.LastOrDefault()?.At ?? request.CreatedAt, language),
            Buttons(request, language, withDetails: true))).ToList());

    public AdaptiveCard Details(ServiceRequest request, string language)
    {
        var sections = new List<FactsCard.Section>
        {
            new(replies.Text(language, "status.history"), request.History
                .Select(change => $"{When(change.At, language)} · {Status(change.To, language)} · {change.By}" + (change.Note is { } note ? $" · {note}" : "")).ToList(), UserText: true),
        };
        if (request.Notes.Count > 0)
            sections.Add(new(replies.Text(language, "status.notes"), request.Notes.Select(n => $"{When(n.At, language)} · {n.By}: {n.Text}" + (n.Answer is { } answer ? $" → {answer}" : "")).ToList(), UserText: true));
        if (request.RemediationPlan is { } plan)
            sections.Add(new(replies.Text(language, "form.remediationPlan.title"), RemediationLines(plan, language), UserText: true));
        return FactsCard.Build(language, $"{request.Id}", null, Facts(request, language), sections, Buttons(request, language, withDetails: false));
    }

    public IReadOnlyList<string> RemediationLines(RemediationPlan plan, string language)
    {
        var lines = new List<string>
        {
            $"{replies.Text(language, "form.remediationPlan.steps.label")}: {plan.Steps}",
            $"{replies.Text(language, "form.remediationPlan.owner.label")}: {plan.Owner}",
            $"{replies.Text(language, "form.remediationPlan.targetDate.label")}: {plan.TargetDate:yyyy-MM-dd}",
        };
        if (plan.PartnerAnswer is { } answer)
            lines.Add($"{replies.Text(language, "form.remediationAnswer.answer.label")}: {replies.Text(language, $"form.remediationAnswer.answer.{answer}")}"
                + (plan.PartnerComment is { } comment ? $" · {comment}" : ""));
        return lines;
    }

    /// <summary>
    /// The self-help tried, in <paramref name="language"/> at the time it is shown: the guide's title from its id (the
    /// title stored when it was shown is only a fallback for a guide since removed), how many steps it showed, the answer.
    /// </summary>
    public string SelfHelpLine(SelfHelpRecord selfHelp, string language)
    {
        var outcome = selfHelp.Answer is { } answer ? replies.Text(language, $"form.selfHelp.outcome.{answer}") : null;
        // An article's title is the one it was shown with (articles change without a restart; the id stays in the record).
        if (selfHelp.ArticleId is not null)
            return string.Join(" · ", new[] { selfHelp.ArticleTitle ?? selfHelp.ArticleId, outcome }.OfType<string>());
        var title = selfHelp.GuideId is { } id && guides.TryGet(id, language, out var guide) ? guide.Title : selfHelp.GuideTitle ?? selfHelp.GuideId;
        var count = selfHelp.StepsShown.Count;
        var parts = new List<string?> { title, replies.Text(language, count == 1 ? "form.selfHelp.steps.one" : "form.selfHelp.steps.other", count), outcome };
        return string.Join(" · ", parts.OfType<string>());
    }

    /// <summary>What the self-help record says, line by line: the guide or article answered, then the articles shown.</summary>
    public List<string> SelfHelpLines(SelfHelpRecord selfHelp, string language)
    {
        var lines = new List<string>();
        if (selfHelp.GuideId is not null || selfHelp.ArticleId is not null) lines.Add(SelfHelpLine(selfHelp, language));
        if (selfHelp.ArticlesShown.Count > 0) lines.Add(replies.Text(language, "knowledge.selfHelp.articles", string.Join(", ", selfHelp.ArticlesShown)));
        return lines;
    }

    private List<Fact> Facts(ServiceRequest request, string language) =>
    [
        new(replies.Text(language, "receipt.kind"), replies.Text(language, $"kind.{request.Kind}")),
        new(replies.Text(language, "receipt.subject"), UserText.EscapeMarkdown(request.Title, 200)),
        new(replies.Text(language, "receipt.severity"), Severity(request.Severity, language)),
        new(replies.Text(language, "receipt.status"), Status(request.Status, language)),
        new(replies.Text(language, "receipt.filed"), When(request.CreatedAt, language)),
    ];

    private List<CardButton> Buttons(ServiceRequest request, string language, bool withDetails)
    {
        var buttons = new List<CardButton>();
        if (withDetails) buttons.Add(new(replies.Text(language, "status.details"), new Topic(Topic.Request, "details", request.Id).ToData()));
        if (request.Status == RequestStatus.RemediationRequested && request.RemediationPlan is { PartnerAnswer: null })
            buttons.Add(new(replies.Text(language, "form.remediationAnswer.title"), new Topic(Topic.Request, "remediation", request.Id).ToData(), ActionStyle.Positive));
        if (request.Status == RequestStatus.Resolved)
        {
            buttons.Add(new(replies.Text(language, "resolved.confirmButton"), new Topic(Topic.Request, ResolutionActions.ConfirmSolved, request.Id).ToData(), ActionStyle.Positive));
            buttons.Add(new(replies.Text(language, "resolved.reopenButton"), new Topic(Topic.Request, ResolutionActions.Reopen, request.Id).ToData()));
        }
        if (request.Status == RequestStatus.Closed && request.Satisfaction is null)
            buttons.Add(new(replies.Text(language, "rating.button"), new Topic(Topic.Request, ResolutionActions.Rate, request.Id).ToData()));
        if (request.IsOpen && request.Status != RequestStatus.Resolved)
        {
            buttons.Add(new(replies.Text(language, "status.comment"), new Topic(Topic.Request, "comment", request.Id).ToData()));
            buttons.Add(new(replies.Text(language, "status.withdraw"), new Topic(Topic.Request, "withdraw", request.Id).ToData(), ActionStyle.Destructive));
        }
        return buttons;
    }
}
