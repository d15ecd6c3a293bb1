using SupportBot.Dialogs;
using SupportBot.Cards;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Commands;
using SupportBot.Requests.Forms;

namespace SupportBot.Notifications;

/// <summary>How requests look to agents in their channel (in the queue's language): the notification card, and
/// the escalation and remediation plan forms opened from it.</summary>
public sealed class AgentCards(Replies replies, RequestViews views, GuideCatalog guides)
{
    public const string Take = "take";
    public const string Ask = "ask";
    public const string Resolve = "resolve";
    public const string EscalateForm = "escalateForm";
    public const string Escalate = "escalate";
    public const string RemediationForm = "remediationForm";
    public const string Remediation = "remediation";
    public const string QuestionInput = "question";
    public const string ResolutionInput = "resolution";

    // Long free text is cut on the card (the full text is in the request and on the escalation form); keeps the card
    // readable and under its 28 KB budget. Title, description and severity are shown above the form's other fields.
    private const int DescriptionLength = 800;
    private const int FieldLength = 400;

    public AdaptiveCard Notification(ServiceRequest request, string language)
    {
        string T(string key, params object?[] args) => replies.Text(language, key, args);
        var facts = new List<Fact>
        {
            new(T("agents.card.requestId"), request.Id),
            new(T("agents.card.kind"), T($"kind.{request.Kind}")),
            new(T("agents.card.severity"), views.Severity(request.Severity, language)),
            new(T("agents.card.status"), Status(request.Status, language)),
            new(T("agents.card.assignedTo"), request.AssignedTo is { } assigned ? UserText.EscapeMarkdown(assigned, 100) : T("agents.card.unassigned")),
            new(T("agents.card.filed"), views.When(request.CreatedAt, language)),
        };
        if (request.RelatedRequestId is { } related) facts.Add(new(T("agents.card.relatedRequest"), related));
        if (request.ExternalId is { } external) facts.Add(new(T("agents.card.externalId"), UserText.EscapeMarkdown(external, 100)));

        var requester = request.Requester;
        var sections = new List<AgentCard.Section>
        {
            new(T("agents.card.requester"), [new FactSet { Facts =
            [
                new(T("agents.card.requester"), UserText.EscapeMarkdown(requester.Name ?? requester.UserId, 100)),
                new(T("agents.card.role"), replies.TryText(language, $"agents.role.{requester.Role}") ?? requester.Role),
                new(T("agents.card.organisation"), UserText.EscapeMarkdown(requester.Organisation ?? "—", 120)),
                new(T("agents.card.language"), replies.TryText(language, $"language.name.{requester.Language}") ?? requester.Language),
            ] }]),
        };
        if (Description(request) is { Length: > 0 } description)
            sections.Add(new(T("agents.card.description"), [UserText.Block(description, DescriptionLength)]));
        if (request.LiveChat is { } chat) sections.AddRange(LiveChat(chat, requester, language));
        sections.Add(new(T("agents.card.selfHelp"), SelfHelp(request.SelfHelp, language)));
        if (FormFacts(request, language) is { Count: > 0 } formFacts)
            sections.Add(new(T("agents.card.form"), [new FactSet { Facts = formFacts }]));
        if (request.Notes.Count > 0)
            sections.Add(new(T("agents.card.notes"), request.Notes.TakeLast(5).SelectMany(note => Note(note, requester, language)).ToList()));
        if (request.RemediationPlan is { } plan)
            sections.Add(new(T("agents.card.remediationPlan"), views.RemediationLines(plan, language)
                .Select(line => (AdaptiveElement)UserText.Block(line, FieldLength)).ToList()));
        sections.Add(new(T("agents.card.history"), request.History.TakeLast(6)
            .Select(change => (AdaptiveElement)UserText.Block($"{views.When(change.At, language)} · {Status(change.To, language)} · {change.By}"
                + (change.Note is { } note ? $" · {note}" : ""), FieldLength)).ToList()));

        return AgentCard.Build(new AgentCard.Model(language, request.Id,
            T("agents.card.new", T($"kind.{request.Kind}"), T($"agents.queue.{request.Queue}")),
            request.Title, facts, sections, Buttons(request, language)));
    }

    /// <summary>A note, and under a question the requester's answer beside it.</summary>
    private IEnumerable<AdaptiveElement> Note(RequestNote note, Requester requester, string language)
    {
        yield return UserText.Block($"{views.When(note.At, language)} · {note.By}: {note.Text}", FieldLength);
        if (note is { IsQuestion: true, Answer: { } answer })
            yield return UserText.Block("↳ " + replies.Text(language, "agents.card.answer", requester.Name ?? requester.UserId,
                note.AnsweredAt is { } at ? views.When(at, language) : "—", answer), FieldLength);
    }

    /// <summary>
    /// What an agent taking a live chat needs first: what the bot understood, the person's last messages (masked when
    /// they were kept) and how to write to them.
    /// </summary>
    private IEnumerable<AgentCard.Section> LiveChat(LiveChatSession chat, Requester requester, string language)
    {
        string T(string key, params object?[] args) => replies.Text(language, key, args);
        var understood = chat.UnderstoodIntent is { } intent
            ? guides.ByIntent(intent) is { } guideId && guides.TryGet(guideId, language, out var guide) ? guide.Title : replies.TryText(language, $"intent.{intent}") ?? intent
            : T("agents.card.understood.none");
        var hint = CardParts.Paragraph(UserText.EscapeMarkdown(T("agents.card.mentionHint", requester.Name ?? requester.UserId)), subtle: true);
        if (chat.RecentMessages.Count == 0)
        {
            yield return new(T("agents.card.understood"), [CardParts.Paragraph(UserText.EscapeMarkdown(understood)), hint]);
            yield break;
        }
        yield return new(T("agents.card.understood"), [CardParts.Paragraph(UserText.EscapeMarkdown(understood))]);
        yield return new(T("agents.card.recentMessages"), [.. chat.RecentMessages.TakeLast(5)
            .Select(message => (AdaptiveElement)UserText.Block($"{views.When(message.At, language)} · {message.Text}", FieldLength)), hint]);
    }

    /// <summary>
    /// The card for someone in the channel who is not an agent of the queue (a refresh of the posted card): what the
    /// request is and where it stands, nothing of who asked or what they wrote. It refreshes like the full card, so an
    /// agent who opens it later gets the full one.
    /// </summary>
    public AdaptiveCard ForOthers(ServiceRequest request, string language)
    {
        string T(string key, params object?[] args) => replies.Text(language, key, args);
        return AgentCard.Build(new AgentCard.Model(language, request.Id,
            T("agents.card.new", T($"kind.{request.Kind}"), T($"agents.queue.{request.Queue}")),
            request.Id,
            [new(T("agents.card.requestId"), request.Id), new(T("agents.card.status"), Status(request.Status, language))],
            [new(T("agents.card.agentsOnly", T($"agents.queue.{request.Queue}")), [])],
            []));
    }

    /// <summary>A status as agents call it (the requester-facing words speak to the requester).</summary>
    public string Status(RequestStatus status, string language) => replies.Text(language, $"agents.status.{status}");

    /// <summary>The escalation form for a customer's request, filled from it, whose button files the escalation.</summary>
    public AdaptiveCard EscalationForm(ServiceRequest request, string language, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> errors, string submissionId) =>
        ActionForm(RequestForms.Escalation, request, language, values, errors, submissionId,
            replies.Text(language, "agents.escalateForm.title", request.Id), replies.Text(language, "agents.escalateForm.file"), Escalate);

    public AdaptiveCard RemediationPlanForm(ServiceRequest request, string language, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> errors, string submissionId) =>
        ActionForm(RequestForms.RemediationPlan, request, language, values, errors, submissionId,
            replies.Text(language, "agents.remediationForm.title", request.Id), replies.Text(language, "agents.remediationForm.send"), Remediation);

    /// <summary>What a filed form turns into: one line saying what was done (it names the agent, as their display name reads).</summary>
    public AdaptiveCard Done(string language, string text) =>
        CardParts.Card(language, [CardParts.Paragraph(UserText.EscapeMarkdown(replies.Text(language, "agents.formFiled", text)))], fallbackText: text);

    /// <summary>The escalation form's values taken from a customer's request (the agent completes the rest).</summary>
    public static Dictionary<string, string> EscalationPrefill(ServiceRequest request, string? agentName)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["customerName"] = request.Requester.Organisation ?? request.Form.GetValueOrDefault("organisation") ?? request.Requester.Name ?? "",
            ["severity"] = request.Severity,
            ["description"] = UserText.Truncate($"{request.Title}\n\n{Description(request)}".Trim(), 4000),
        };
        if (request.Form.GetValueOrDefault("tenantDomain") is { } domain) values["tenantDomain"] = domain;
        if (agentName is not null) values["contactName"] = UserText.Truncate(agentName, 100);
        return values;
    }

    private AdaptiveCard ActionForm(FormDefinition form, ServiceRequest request, string language, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> errors, string submissionId, string heading, string submitTitle, string verb)
    {
        var fields = FormCard.Build(new FormCard.Rendering(form, language, key => replies.TryText(language, key), values, errors, submissionId));
        var data = AgentCard.Data(request.Id);
        data[FormSubmitData.FormKey] = form.Name;
        data[FormSubmitData.SubmissionIdKey] = submissionId;
        return new AdaptiveCard
        {
            Lang = CardParts.CardLang(language),
            FallbackText = heading,
            Body = [CardParts.Heading(heading), .. fields.Body.Skip(1)],
            Actions = [AgentCard.Execute(submitTitle, verb, data, ActionStyle.Positive)],
        };
    }

    private List<IReadOnlyList<AgentCard.Button>> Buttons(ServiceRequest request, string language)
    {
        string T(string key) => replies.Text(language, key);
        if (!request.IsOpen || request.Status == RequestStatus.Resolved) return [];
        var first = new List<AgentCard.Button>();
        if (request.AssignedTo is null) first.Add(new(T("agents.action.take"), Take, ActionStyle.Positive));
        first.Add(new(T("agents.action.ask"), Ask, Input: new(QuestionInput, T("agents.action.ask.label"), T("agents.action.ask.send"), T("agents.action.required"), 2000)));
        first.Add(new(T("agents.action.resolve"), Resolve, Input: new(ResolutionInput, T("agents.action.resolve.label"), T("agents.action.resolve.send"), T("agents.action.required"), 2000)));
        var second = new List<AgentCard.Button>();
        if (RequestRules.CanEscalate(request)) second.Add(new(T("agents.action.escalate"), EscalateForm));
        if (RequestRules.CanProposeRemediation(request)) second.Add(new(T("agents.action.remediation"), RemediationForm, ActionStyle.Destructive));
        return [first, second];
    }

    private static string? Description(ServiceRequest request) =>
        request.Form.GetValueOrDefault("description") ?? request.Form.GetValueOrDefault("reason");

    private List<AdaptiveElement> SelfHelp(SelfHelpRecord? selfHelp, string language)
    {
        if (selfHelp?.GuideId is not { } guideId) return [CardParts.Paragraph(replies.Text(language, "agents.card.selfHelp.none"), subtle: true)];
        var items = new List<AdaptiveElement>();
        var found = guides.TryGet(guideId, language, out var guide);
        items.Add(new TextBlock(UserText.EscapeMarkdown(found ? guide.Title : selfHelp.GuideTitle ?? guideId)) { Wrap = true, Weight = FontWeight.Bolder });
        var steps = selfHelp.StepsShown.Select((stepId, index) =>
            $"{index + 1}. {(found ? AnyVariantStep(guide, stepId)?.Title : null) ?? stepId}").ToList();
        // A RichTextBlock run is never markdown, so "1. …" stays a plain numbered line.
        if (steps.Count > 0) items.Add(new RichTextBlock { Inlines = { new TextRun(string.Join("\n", steps)) } });
        // form.selfHelp.outcome.* read "Outcome: …" already (they end the receipt's self-help line too).
        items.Add(CardParts.Paragraph(selfHelp.Answer is { } answer
            ? replies.TryText(language, $"form.selfHelp.outcome.{answer}") ?? answer
            : replies.Text(language, "agents.card.selfHelp.noOutcome"), subtle: true));
        return items;
    }

    private static GuideStep? AnyVariantStep(Guide guide, string stepId) =>
        guide.Content.FindStep(stepId) ?? guide.Variants.Values.Select(variant => variant.FindStep(stepId)).FirstOrDefault(step => step is not null);

    private List<Fact> FormFacts(ServiceRequest request, string language)
    {
        var form = RequestForms.Find(FormName(request.Kind));
        if (form is null) return [];
        var facts = new List<Fact>();
        foreach (var field in form.Fields)
        {
            if (field.Id is "description" or "reason" or "title" or "severity" || request.Form.GetValueOrDefault(field.Id) is not { Length: > 0 } value) continue;
            var key = $"form.{form.Name}.{field.Id}";
            var label = replies.TryText(language, $"{key}.label") ?? field.Id;
            var shown = field.Kind is FieldKind.Choice or FieldKind.MultiChoice
                ? string.Join(", ", value.Split(',').Select(choice => replies.TryText(language, $"{field.ChoiceStringPrefix ?? key}.{choice}") ?? choice))
                : UserText.EscapeMarkdown(value, FieldLength);
            facts.Add(new Fact(label, shown));
        }
        return facts;
    }

    private static string FormName(RequestKind kind) => kind switch
    {
        RequestKind.SubscriptionChange => RequestForms.SubscriptionChangeName,
        RequestKind.PartnerCenterRequest => RequestForms.PartnerCenterRequestName,
        RequestKind.Escalation => RequestForms.EscalationName,
        _ => RequestForms.ServiceRequestName,
    };
}
