using SupportBot.Notifications;
using System.Globalization;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Dialogs;
using SupportBot.Dialogs.Agents;
using SupportBot.Dialogs.Engine.Prompts;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Forms;

namespace SupportBot.Tests.Cards;

/// <summary>
/// Every card the bot can send, in every language, built by the real builders from the real strings and guides.
/// The schema, size and browser-render tests run over this list, so a new card is checked by adding it here:
/// write one <c>yield return</c> per variant in <see cref="InLanguage"/> (or a method it calls).
/// </summary>
public static class CardSamples
{
    private static readonly Lazy<IReadOnlyDictionary<string, AdaptiveCard>> ByName = new(() =>
    {
        var strings = StringCatalog.Load();
        var guides = GuideCatalog.Load();
        var samples = new Dictionary<string, AdaptiveCard>(StringComparer.Ordinal);
        foreach (var language in Language.All)
            foreach (var (name, card) in InLanguage(new Texts(strings, language), guides).Concat(Agents(strings, language, guides)))
                if (!samples.TryAdd($"{language}/{name}", card)) throw new InvalidOperationException($"Two card samples are named {language}/{name}.");
        return samples;
    });

    /// <summary>Every sample as (name, card); names are <c>&lt;language&gt;/&lt;card&gt;/&lt;variant&gt;</c>.</summary>
    public static IEnumerable<(string Name, AdaptiveCard Card)> All() => ByName.Value.Select(sample => (sample.Key, sample.Value));

    public static AdaptiveCard Get(string name) => ByName.Value[name];

    /// <summary>The sample names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names() => new(ByName.Value.Keys);

    private static IEnumerable<(string Name, AdaptiveCard Card)> InLanguage(Texts t, GuideCatalog guides)
    {
        foreach (var sample in Menus(t, guides)) yield return sample;
        foreach (var sample in Choices(t)) yield return sample;
        foreach (var sample in Facts(t)) yield return sample;
        foreach (var sample in Guides(t, guides)) yield return sample;
        foreach (var sample in Forms(t)) yield return sample;
    }

    private static IEnumerable<(string, AdaptiveCard)> Menus(Texts t, GuideCatalog guides)
    {
        CardButton[] footer =
        [
            Button(t["menu.status"], "intent", "RequestStatus"),
            Button(t["menu.agent"], "intent", "TalkToAgent"),
            Button(t["menu.help"], "intent", "Help"),
            .. Language.All.Where(other => other != t.Language).Select(other => Button(t[$"language.name.{other}"], "language", other)),
        ];
        foreach (var (role, line) in new[] { (GuideRole.Customer, "welcome.customer.line"), (GuideRole.Partner, "welcome.partner.line"), (GuideRole.Agent, "welcome.agent.line") })
        {
            var (topics, more) = Topics(t, guides, role);
            yield return ($"menu/welcome-{role.ToString().ToLowerInvariant()}",
                MenuCard.Build(t.Language, t["welcome.title"], [t[line], t["welcome.topics"]], topics, more, footer));
        }
        var (customerTopics, customerMore) = Topics(t, guides, GuideRole.Customer);
        yield return ("menu/misunderstood", MenuCard.Build(t.Language, null, [t["misunderstood"]], customerTopics, customerMore, footer));
        yield return ("menu/stale-idle", MenuCard.Build(t.Language, null, [t["stale.expiredIdle"]], customerTopics, customerMore, footer));
    }

    /// <summary>The role's topics as the welcome splits them: the first few, the rest behind "More topics".</summary>
    private static (IEnumerable<CardButton> First, MoreTopics More) Topics(Texts t, GuideCatalog guides, GuideRole role)
    {
        var (first, more) = WelcomeFlow.SplitTopics(guides.ForRole(role, t.Language), role);
        return (first.Select(WelcomeFlow.TopicButton), new MoreTopics(t["welcome.moreTopics"], more.Select(WelcomeFlow.TopicButton).ToList()));
    }

    private static IEnumerable<(string, AdaptiveCard)> Choices(Texts t)
    {
        var yesNo = ConfirmWords.Buttons(t.Language).Select(choice => ChoiceButton(choice.TitleFor(t.Language), choice.Value)).ToList();
        yield return ("choice/solved", ChoiceCard.Build(t.Language, t["guide.solvedQuestion"], yesNo));
        yield return ("choice/escalate-offer", ChoiceCard.Build(t.Language, t["guide.escalateOffer"], yesNo));
        yield return ("choice/precheck", ChoiceCard.Build(t.Language, t["precheck.question"], yesNo));
        yield return ("choice/partner-only", ChoiceCard.Build(t.Language, $"{t["partnerOnly.escalation"]}\n\n{t["partnerOnly.sendRequest"]}", yesNo));
        yield return ("choice/offer-person", ChoiceCard.Build(t.Language, t["misunderstood.offerPerson"], yesNo));
        yield return ("choice/withdraw-confirm", ChoiceCard.Build(t.Language, t["status.withdrawConfirm", "SR-20261121-0001"], yesNo));
        yield return ("choice/did-you-mean", ChoiceCard.Build(t.Language, t["didYouMean"],
            new[] { "RequestStatus", "TalkToAgent", "Help", "RemediationPlan", "Greeting", "Cancel" }.Select(intent => ChoiceButton(t[$"intent.{intent}"], intent))));
    }

    private static readonly Lazy<RequestViews> Views = new(() =>
        new RequestViews(new Replies(StringCatalog.Load()), Microsoft.Extensions.Options.Options.Create(new RequestOptions()), GuideCatalog.Load()));

    /// <summary>Receipts, the request list and details as the bot builds them (Dialogs/RequestViews), from sample requests.</summary>
    private static IEnumerable<(string, AdaptiveCard)> Facts(Texts t)
    {
        var views = Views.Value;
        foreach (var kind in Enum.GetValues<RequestKind>())
        {
            yield return ($"request/receipt-{kind}", views.Receipt(SampleRequest(t.Language, kind), t.Language, repeated: false));
        }
        yield return ("request/receipt-already", views.Receipt(SampleRequest(t.Language, RequestKind.ServiceRequest), t.Language, repeated: true));
        var requests = new[]
        {
            SampleRequest(t.Language, RequestKind.ServiceRequest),
            SampleRequest(t.Language, RequestKind.Escalation) with { Id = "SR-20261118-0003", Status = RequestStatus.RemediationRequested, RemediationPlan = Plan() },
            SampleRequest(t.Language, RequestKind.PartnerCenterRequest) with { Id = "SR-20261102-0007", Status = RequestStatus.Closed },
        };
        yield return ("request/list", views.List(requests, t.Language));
        yield return ("request/details", views.Details(requests[0] with
        {
            Status = RequestStatus.WaitingOnRequester,
            History = [.. requests[0].History, new StatusChange(RequestStatus.Submitted, RequestStatus.WaitingOnRequester, "Helpdesk", DateTimeOffset.Parse("2026-11-21T07:42:00Z", CultureInfo.InvariantCulture), "Which users?")],
            Notes = [new RequestNote("Customer", DateTimeOffset.Parse("2026-11-21T08:00:00Z", CultureInfo.InvariantCulture), "# not a heading\n> not a quote\n[not a link](https://example.com) {{DATE(2026-01-01)}}")],
        }, t.Language));
        yield return ("request/details-remediation", views.Details(requests[1] with { RemediationPlan = Plan() with { PartnerAnswer = "agree", PartnerComment = Typed(t.Language) } }, t.Language));
    }

    private static RemediationPlan Plan() => new()
    {
        Steps = "1. Attend the admin training\n2. Review the runbook",
        Owner = "Partner helpdesk",
        TargetDate = new DateOnly(2026, 12, 31),
        WrittenBy = "21Vianet desk",
    };

    private static ServiceRequest SampleRequest(string language, RequestKind kind) => new()
    {
        Id = "SR-20261121-0001",
        SubmissionId = "sample",
        Kind = kind,
        Queue = kind is RequestKind.PartnerCenterRequest or RequestKind.Escalation ? AgentQueue.VianetDesk : AgentQueue.PartnerHelpdesk,
        Requester = new Requester
        {
            ChannelId = "webchat", UserId = "dl_sample", Name = "Li Wei", Role = "customer", Language = language,
            Conversation = new SupportBot.Bot.Schema.ConversationReference(),
        },
        Title = Typed(language),
        Severity = "moderate",
        Form = new() { ["title"] = Typed(language) },
        SelfHelp = new SelfHelpRecord { GuideId = "billing", GuideTitle = "Billing", StepsShown = ["a", "b", "c"], Answer = "notSolved" },
        Status = RequestStatus.Submitted,
        History = [new StatusChange(null, RequestStatus.Submitted, "Li Wei", DateTimeOffset.Parse("2026-11-21T03:00:00Z", CultureInfo.InvariantCulture))],
        CreatedAt = DateTimeOffset.Parse("2026-11-21T03:00:00Z", CultureInfo.InvariantCulture),
    };

    private static IEnumerable<(string, AdaptiveCard)> Guides(Texts t, GuideCatalog guides)
    {
        foreach (var id in guides.GuideIds)
        {
            var guide = guides.Get(id, t.Language);
            // Each role reads its own variant where the guide has one; the plain content otherwise.
            foreach (var role in guide.Roles.Where(role => role == guide.Roles[0] || guide.Variants.ContainsKey(role)))
            {
                var content = guide.For(role);
                yield return ($"guide/{id}/{role.ToString().ToLowerInvariant()}", GuideCard.Build(t.Language, guide.Title, content.Summary, t["guide.steps"],
                    content.Steps.Select(step => new GuideCard.Step(step.Title, step.Text, step.Link?.Title, step.Link?.Url.AbsoluteUri)).ToList(),
                    t["guide.notes"], content.Notes));
            }
        }
    }

    private static IEnumerable<(string, AdaptiveCard)> Forms(Texts t)
    {
        foreach (var form in RequestForms.All)
        {
            var readOnly = form.Name is RequestForms.RemediationPlanName or RequestForms.RemediationAnswerName
                ? null
                : new[] { "Check the network connection", "Restart Outlook", t["form.selfHelp.outcome.notSolved"] };
            FormCard.Rendering Rendering(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors) => new(
                form, t.Language, t.Find, values, errors, SubmissionId: "0f8fad5bd9cb469fa16570867728950e",
                ReadOnlyTitle: readOnly is null ? null : t["form.selfHelp.title"], ReadOnly: readOnly);

            yield return ($"form/{form.Name}/empty", FormCard.Build(Rendering(new Dictionary<string, string>(), new Dictionary<string, string>())));

            // Every field wrong at once: the longest this card gets, and every error line under its input.
            var values = new Dictionary<string, string>();
            var errors = new Dictionary<string, string>();
            foreach (var field in form.Fields)
            {
                (values[field.Id], errors[field.Id]) = field.Kind switch
                {
                    FieldKind.Email => ("li.wei@", t["form.error.email"]),
                    FieldKind.Phone => ("12", t["form.error.phone"]),
                    FieldKind.TenantDomain => ("contoso", t["form.error.tenantDomain"]),
                    FieldKind.Number => ("0", t["form.error.number", field.MinNumber, field.MaxNumber]),
                    FieldKind.Date => ("", t["form.error.date"]),
                    FieldKind.Choice or FieldKind.MultiChoice => ("", t["form.error.choice"]),
                    _ when field.MaxLength < 200 => (Typed(t.Language), t["form.error.tooLong", field.MaxLength]),
                    _ => ("", t["form.error.required"]),
                };
            }
            errors[""] = t["form.error.unexpectedField", "priority"];
            yield return ($"form/{form.Name}/errors", FormCard.Build(Rendering(values, errors)));
        }
    }

    /// <summary>The agents' cards (notification, escalation and plan forms) and the requester's update cards, at their fullest.</summary>
    private static IEnumerable<(string, AdaptiveCard)> Agents(StringCatalog strings, string language, GuideCatalog guides)
    {
        var replies = new Replies(strings);
        var views = new RequestViews(replies, Options.Create(new RequestOptions()), guides);
        var cards = new AgentCards(replies, views, guides);
        var updates = new AgentActionUpdates(replies, views);
        var at = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
        var typed = Typed(language);
        var billing = guides.Get("billing", language);
        var request = new ServiceRequest
        {
            Id = "SR-20261121-0001",
            SubmissionId = "7c9e6679742540de944be07fc1f90ae7",
            Kind = RequestKind.ServiceRequest,
            Queue = AgentQueue.PartnerHelpdesk,
            Requester = new Requester
            {
                ChannelId = Channels.WebChat,
                UserId = "dl_customer-1",
                Name = "Li Wei",
                Role = "customer",
                Organisation = "Contoso",
                Language = language,
                Conversation = new ConversationReference { ChannelId = Channels.WebChat },
            },
            Title = typed,
            Area = "billing",
            Severity = "critical",
            Form = new Dictionary<string, string>
            {
                ["title"] = typed,
                ["area"] = "billing",
                ["severity"] = "critical",
                // The longest description a form accepts; the card shows its start.
                ["description"] = string.Concat(Enumerable.Repeat(typed + " ", 4000 / (typed.Length + 1))),
                ["contactName"] = "Li Wei",
                ["email"] = "li.wei@contoso.cn",
                ["phone"] = "+86 138 0013 8000",
                ["organisation"] = "Contoso",
                ["tenantDomain"] = "contoso.partner.onmschina.cn",
                ["preferredLanguage"] = language,
            },
            SelfHelp = new SelfHelpRecord { GuideId = billing.Id, GuideTitle = billing.Title, StepsShown = billing.Content.Steps.Select(step => step.Id).ToList(), Answer = "notSolved", At = at },
            Status = RequestStatus.Submitted,
            History = [new StatusChange(null, RequestStatus.Submitted, "Li Wei", at)],
            CreatedAt = at,
        };
        yield return ("agents/notification-new", cards.Notification(request, language));

        var escalation = request with
        {
            Id = "SR-20261121-0002",
            Kind = RequestKind.Escalation,
            Queue = AgentQueue.VianetDesk,
            Requester = request.Requester with { Name = "Wang Fang", Role = "partner" },
            RelatedRequestId = request.Id,
            ExternalId = "2611210010001234",
            Form = new Dictionary<string, string>
            {
                ["customerName"] = "Contoso",
                ["tenantDomain"] = "contoso.partner.onmschina.cn",
                ["service"] = "exchangeOnline",
                ["severity"] = "critical",
                ["businessImpact"] = string.Concat(Enumerable.Repeat(typed + " ", 2000 / (typed.Length + 1))),
                ["description"] = string.Concat(Enumerable.Repeat(typed + " ", 4000 / (typed.Length + 1))),
                ["triedInAdminCenter"] = string.Concat(Enumerable.Repeat(typed + " ", 4000 / (typed.Length + 1))),
                ["cannotResolveReasons"] = "training,documentation,tools",
                ["cannotResolveExplanation"] = string.Concat(Enumerable.Repeat(typed + " ", 2000 / (typed.Length + 1))),
                ["contactName"] = "Wang Fang",
                ["email"] = "wang.fang@partner.cn",
                ["phone"] = "+86 10 1234 5678",
            },
            Status = RequestStatus.InProgress,
            AssignedTo = "Zhang Wei",
            Notes = Enumerable.Range(1, 6).Select(i => new RequestNote("Zhang Wei", at.AddHours(i), typed)).ToList(),
            History = Enumerable.Range(0, 8).Select(i => new StatusChange(RequestStatus.Acknowledged, RequestStatus.InProgress, "Zhang Wei", at.AddHours(i), typed)).ToList(),
        };
        yield return ("agents/notification-escalation", cards.Notification(escalation, language));
        yield return ("agents/notification-resolved", cards.Notification(request with { Status = RequestStatus.Resolved, AssignedTo = "Zhang Wei" }, language));
        yield return ("agents/escalation-form", cards.EscalationForm(request, language, AgentCards.EscalationPrefill(request, "Zhang Wei"), new Dictionary<string, string>(), request.SubmissionId));
        var t = new Texts(strings, language);
        yield return ("agents/remediation-form-errors", cards.RemediationPlanForm(escalation, language, new Dictionary<string, string> { ["owner"] = "Wang Fang" },
            new Dictionary<string, string> { ["steps"] = t["form.error.required"], ["targetDate"] = t["form.error.date"] }, escalation.SubmissionId));
        yield return ("agents/done", cards.Done(language, t["agents.done.escalated", "Zhang Wei", request.Id, escalation.Id]));

        var planned = escalation with
        {
            Status = RequestStatus.RemediationRequested,
            RemediationPlan = new RemediationPlan { Steps = typed, Owner = "Wang Fang", TargetDate = new DateOnly(2026, 12, 31), WrittenBy = "Zhang Wei", WrittenAt = at },
        };
        yield return ("requester/remediation-requested", updates.RemediationCard(planned, language));
        yield return ("requester/resolved", updates.ResolvedCard(request, new RequesterUpdate(request.Id, RequesterUpdate.Resolved, typed, "Zhang Wei"), language));
    }

    /// <summary>Something a person typed, in their language.</summary>
    private static string Typed(string language) => language switch
    {
        Language.ChineseSimplified => "Outlook 从今天早上开始无法收发邮件，所有同事都受影响",
        Language.Japanese => "今朝から Outlook でメールの送受信ができず、部署全員が影響を受けています",
        _ => "Outlook can't send or receive mail since this morning; everyone in the team is affected",
    };

    private static CardButton Button(string title, string key, string value) => new(title, new Dictionary<string, string> { [key] = value });

    private static CardButton ChoiceButton(string title, string value) =>
        new(title, new Dictionary<string, string> { ["choice"] = value, ["submissionId"] = "7c9e6679742540de944be07fc1f90ae7" });

    /// <summary>The string catalog in one language.</summary>
    private sealed class Texts(StringCatalog strings, string language)
    {
        public string Language { get; } = language;

        public string this[string key, params object?[] args] => strings.Get(Language, key, args);

        public string? Find(string key) => strings.Keys(Language).Contains(key) ? strings.Get(Language, key) : null;
    }
}
