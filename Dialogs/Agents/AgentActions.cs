using SupportBot.Notifications;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Commands;
using SupportBot.Requests.Forms;
using SupportBot.Requests.Privacy;
using SupportBot.Requests.Queues;
using SupportBot.Bot.Logging;
using SupportBot.Telemetry;

namespace SupportBot.Dialogs.Agents;

/// <param name="Card">The card that replaces the one the action was pressed on (for the agent who pressed it).</param>
/// <param name="Message">What to tell the agent when there is no card (a refusal), or after it on clients without Universal Actions.</param>
/// <param name="ThreadLine">Who did what, for the request's thread (Universal Actions answer with the card only; the fallback submit's Message is this line already).</param>
public sealed record AgentOutcome(AdaptiveCard? Card, string? Message, string? ThreadLine = null);

/// <summary>
/// What agents do on a request's card in their channel: take it, ask the requester a question, resolve it,
/// escalate a customer's request to 21Vianet (partner helpdesk), ask the partner for a remediation plan (21Vianet
/// desk). Teams sends these as <c>adaptiveCard/action</c> invokes (answered with the refreshed card, PROTOCOL.md
/// §4.3); old clients send the Action.Submit fallback as a message. Both take the same path. Each change is stored
/// with the requester's update in one UpdateAsync, and the posted card is updated for everyone (PUT, §4.4).
/// Only agents of the request's queue may act; anyone in the channel may refresh, and gets the card without personal data unless an agent.
/// </summary>
public sealed class AgentActions(
    IRequestStore requests,
    QueueDirectory queues,
    AgentCards cards,
    AgentNotificationSender notifications,
    Replies replies,
    IConnectorClientFactory connectors,
    TimeProvider time,
    SupportMetrics metrics,
    ILogger<AgentActions> logger)
{
    public const string InvokeName = "adaptiveCard/action";
    // PROTOCOL.md §4.3 (Universal Actions response types).
    private const string MessageResponseType = "application/vnd.microsoft.activity.message";
    private const string ErrorResponseType = "application/vnd.microsoft.error";

    public async Task<InvokeResponse> OnInvokeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        // The client's value of any shape: one that is not an action with a verb, a data object and a request id is a bad request.
        var value = turn.Activity.Value is { ValueKind: JsonValueKind.Object } raw ? TolerantJson.TryDeserialize<AdaptiveCardInvokeValue>(raw) : null;
        if (value?.Action is not { Verb: { Length: > 0 } verb, Data: { ValueKind: JsonValueKind.Object } data } || Text(data, AgentCard.RequestIdKey) is null)
            return InvokeResponse.Ok(new AdaptiveCardInvokeResponse
            {
                StatusCode = 400,
                Type = ErrorResponseType,
                Value = ProtocolJson.ToElement(new Error { Code = "BadRequest", Message = "An adaptiveCard/action needs action.verb and an object action.data with a requestId." }),
            });

        var outcome = await HandleAsync(turn, verb, data, cancellationToken);
        if (outcome.ThreadLine is { } line) await SayInThreadAsync(turn, line, cancellationToken);
        return InvokeResponse.Ok(outcome.Card is { } card
            ? new AdaptiveCardInvokeResponse { Type = ContentTypes.AdaptiveCard, Value = JsonDocument.Parse(card.ToJson()).RootElement.Clone() }
            : new AdaptiveCardInvokeResponse { Type = MessageResponseType, Value = ProtocolJson.ToElement(outcome.Message ?? "") });
    }

    /// <summary>An Action.Submit fallback of an agent card's button (its data names the verb).</summary>
    public static bool IsSubmit(Activity activity) =>
        activity.IsType(ActivityTypes.Message) && activity.Value is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty(AgentCard.SubmitVerbKey, out var verb) && verb.ValueKind == JsonValueKind.String;

    public async Task OnSubmitAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var value = turn.Activity.Value!.Value;
        var outcome = await HandleAsync(turn, value.GetProperty(AgentCard.SubmitVerbKey).GetString()!, value, cancellationToken);
        // The card the button was on is replaced where the channel can (replyToId names it, PROTOCOL.md §4.2).
        if (outcome.Card is { } card && turn.Activity.ReplyToId is { Length: > 0 } source && turn.Activity.ChannelId == Channels.MsTeams)
        {
            var replacement = turn.Activity.CreateReply();
            replacement.Id = source;
            replacement.ReplyToId = null;
            replacement.Attachments = [card.ToAttachment()];
            await TryAsync(() => turn.UpdateActivityAsync(replacement, cancellationToken), "replace the card of a fallback submit");
        }
        if ((outcome.ThreadLine ?? outcome.Message) is { } text) await SayInThreadAsync(turn, text, cancellationToken);
    }

    /// <summary>A line in the thread the action came from; it names people and quotes what they typed: plain text.</summary>
    private static Task SayInThreadAsync(TurnContext turn, string text, CancellationToken cancellationToken)
    {
        var reply = turn.Activity.CreateReply(text);
        reply.ReplyToId = null;
        reply.TextFormat = TextFormatTypes.Plain;
        return turn.SendActivityAsync(reply, cancellationToken);
    }

    private async Task<AgentOutcome> HandleAsync(TurnContext turn, string verb, JsonElement data, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var requestId = Text(data, AgentCard.RequestIdKey);
        var request = requestId is null ? null : await requests.GetAsync(requestId, cancellationToken);
        if (request is null) return Say(Language.FromLocale(activity.Locale), "agents.notFound", requestId ?? "—");
        var queue = await queues.GetAsync(request.Queue, cancellationToken);
        var language = Language.FromLocale(queue.Language);

        var isAgent = await queues.IsAgentAsync(request.Queue, activity, cancellationToken);
        // Anyone in the channel may see the card refreshed; only the queue's agents see who asked and what (contact details).
        if (verb == AgentCard.RefreshVerb) return new(isAgent ? cards.Notification(request, language) : cards.ForOthers(request, language), null);
        if (!isAgent)
        {
            logger.LogInformation("{UserId} is not an agent of {Queue}; refused {Verb} on {RequestId}", LogValue.Quote(activity.From?.Id), request.Queue, LogValue.Quote(verb), request.Id);
            return Say(language, "agents.refused", replies.Text(language, $"agents.queue.{request.Queue}"));
        }

        var by = activity.From?.Name is { Length: > 0 } name ? name : activity.From?.Id ?? "agent";
        var now = time.GetUtcNow();
        switch (verb)
        {
            case AgentCards.Take:
                return await ChangedAsync(request, new Take(by, now), language, cancellationToken, "agents.done.take", by, request.Id);
            case AgentCards.Ask when Text(data, AgentCards.QuestionInput)?.Trim() is { Length: > 0 } question:
                var asked = UserText.Truncate(question, 2000);
                return await ChangedAsync(request, new Ask(asked, by, now), language, cancellationToken, "agents.done.ask", by, request.Id, PersonalDataMask.Mask(asked));
            case AgentCards.Resolve when Text(data, AgentCards.ResolutionInput)?.Trim() is { Length: > 0 } resolution:
                var resolved = UserText.Truncate(resolution, 2000);
                return await ChangedAsync(request, new Resolve(resolved, by, now), language, cancellationToken, "agents.done.resolve", by, request.Id, PersonalDataMask.Mask(resolved));
            case AgentCards.Ask or AgentCards.Resolve:
                return Say(language, "agents.action.required");
            case AgentCards.EscalateForm when RequestRules.CanEscalate(request):
                await PostFormAsync(turn, language, cards.EscalationForm(request, language, AgentCards.EscalationPrefill(request, by),
                    new Dictionary<string, string>(), Guid.NewGuid().ToString("N")), cancellationToken);
                return new(cards.Notification(request, language), replies.Text(language, "agents.done.escalateForm", request.Id));
            case AgentCards.RemediationForm when RequestRules.CanProposeRemediation(request):
                await PostFormAsync(turn, language, cards.RemediationPlanForm(request, language, new Dictionary<string, string> { ["owner"] = request.Requester.Name ?? "" },
                    new Dictionary<string, string>(), Guid.NewGuid().ToString("N")), cancellationToken);
                return new(cards.Notification(request, language), replies.Text(language, "agents.done.remediationForm", request.Id));
            case AgentCards.Escalate when RequestRules.CanEscalate(request) || request.Status == RequestStatus.EscalatedTo21Vianet:
                return await EscalateAsync(turn, request, language, data, by, now, cancellationToken);
            case AgentCards.Remediation when RequestRules.CanProposeRemediation(request):
                return await RequestRemediationAsync(request, language, data, by, now, cancellationToken);
            default:
                return NotApplicable(request, language);
        }
    }

    private AgentOutcome NotApplicable(ServiceRequest request, string language) =>
        Say(language, "agents.notApplicable", request.Id, cards.Status(request.Status, language));

    /// <summary>Files the escalation (once per form submission), then moves the customer's request and tells the customer.</summary>
    private async Task<AgentOutcome> EscalateAsync(TurnContext turn, ServiceRequest request, string language, JsonElement data, string by,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var submissionId = Text(data, FormSubmitData.SubmissionIdKey) ?? Guid.NewGuid().ToString("N");
        // Escalated already: only the form that did it may be sent again (a retry); an older form would file a second escalation.
        if (!RequestRules.CanEscalate(request) && await requests.FindBySubmissionAsync(submissionId, cancellationToken) is null)
            return NotApplicable(request, language);
        var validation = FormValidator.Validate(RequestForms.Escalation, FormInputs(data));
        if (!validation.IsValid)
            return new(cards.EscalationForm(request, language, validation.Values, Errors(validation, language), submissionId), null);

        var escalation = (RequestForm)validation.Form!;
        var values = escalation.Values.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var filed = await requests.FileAsync(RequestFilings.File(new FileRequest(new NewRequest
        {
            SubmissionId = submissionId,
            Kind = escalation.Files.Kind,
            Queue = escalation.Files.Queue,
            // The partner's helpdesk is the requester of an escalation: 21Vianet's answers come back into this thread.
            Requester = RequesterIdentity.Of(turn.Activity, RequesterRole.Partner, language,
                name: values.GetValueOrDefault("contactName") ?? by, organisation: request.Requester.Organisation),
            Title = escalation.Title(key => replies.Text(language, key)),
            Area = escalation.Area,
            Severity = WireNames.Of(escalation.Severity),
            Form = values,
            SelfHelp = request.SelfHelp,
            RelatedRequestId = request.Id,
        }, now, By: by)), cancellationToken);
        metrics.RequestFiled(filed);
        var escalationId = filed.Request.Id;

        // A repeated submit finds the escalation filed and the request moved already: nothing changes twice.
        var escalated = await requests.ExecuteAsync(request.Id, new Escalate(escalationId, by, now), cancellationToken);
        if (escalated.Refused) return NotApplicable(escalated.Request, language);
        await UpdateNotificationAsync(escalated.Request, language, cancellationToken);
        var done = replies.Text(language, "agents.done.escalated", by, request.Id, escalationId);
        return new(cards.Done(language, done), done);
    }

    private async Task<AgentOutcome> RequestRemediationAsync(ServiceRequest request, string language, JsonElement data, string by,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var submissionId = Text(data, FormSubmitData.SubmissionIdKey) ?? Guid.NewGuid().ToString("N");
        var validation = FormValidator.Validate(RequestForms.RemediationPlan, FormInputs(data));
        if (!validation.IsValid)
            return new(cards.RemediationPlanForm(request, language, validation.Values, Errors(validation, language), submissionId), null);

        var plan = (RemediationPlanForm)validation.Form!;
        var proposed = await requests.ExecuteAsync(request.Id, new ProposeRemediation(plan.Steps, plan.Owner, plan.TargetDate, by, now), cancellationToken);
        if (proposed.Refused) return NotApplicable(proposed.Request, language);
        await UpdateNotificationAsync(proposed.Request, language, cancellationToken);
        var done = replies.Text(language, "agents.done.remediation", by, request.Id);
        return new(cards.Done(language, done), done);
    }

    private async Task<AgentOutcome> ChangedAsync(ServiceRequest request, RequestCommand command, string language, CancellationToken cancellationToken,
        string doneKey, params object?[] args)
    {
        var outcome = await requests.ExecuteAsync(request.Id, command, cancellationToken);
        if (outcome.Refused) return NotApplicable(outcome.Request, language);
        await UpdateNotificationAsync(outcome.Request, language, cancellationToken);
        // Take, ask and resolve leave a line in the thread: who did what.
        var line = replies.Text(language, doneKey, args);
        return new(cards.Notification(outcome.Request, language), line, line);
    }

    /// <summary>Replaces the posted card for everyone (the invoke answer only changes it for the agent who pressed).</summary>
    private async Task UpdateNotificationAsync(ServiceRequest request, string language, CancellationToken cancellationToken)
    {
        if (request.AgentThread is not { Conversation.Id: { } threadId } thread || request.AgentCardActivityId is not { } cardId) return;
        var client = connectors.Create(thread.ServiceUrl ?? "");
        await TryAsync(() => client.UpdateActivityAsync(threadId, cardId, notifications.CardMessage(request, language, thread), cancellationToken),
            $"update the card of {request.Id}");
    }

    /// <summary>Posts a form into the thread the action came from (the invoke's conversation is that thread).</summary>
    private static async Task PostFormAsync(TurnContext turn, string language, AdaptiveCard form, CancellationToken cancellationToken)
    {
        var message = turn.Activity.CreateReply();
        message.ReplyToId = null;
        message.Locale = Language.ToLocale(language);
        message.Attachments = [form.ToAttachment()];
        await turn.SendActivityAsync(message, cancellationToken);
    }

    // A card update that fails leaves the stored request right; the next refresh shows it. Not worth failing the action.
    private async Task TryAsync(Func<Task> update, string what)
    {
        try
        {
            await update();
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(ex, "Could not {What}", what);
        }
    }

    private AgentOutcome Say(string language, string key, params object?[] args) => new(null, replies.Text(language, key, args));

    /// <summary>The submitted inputs without the action's own keys (the validator refuses fields a form does not have).</summary>
    private static JsonElement FormInputs(JsonElement data)
    {
        var inputs = new JsonObject();
        foreach (var property in data.EnumerateObject())
            if (property.Name is not (AgentCard.RequestIdKey or AgentCard.SubmitVerbKey))
                inputs[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        return JsonSerializer.SerializeToElement(inputs);
    }

    private Dictionary<string, string> Errors(FormValidation validation, string language) => validation.Errors
        .GroupBy(error => error.FieldId)
        .ToDictionary(group => group.Key, group => replies.Text(language, group.First().ErrorKey, group.First().Arguments));

    private static string? Text(JsonElement data, string key) =>
        data.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
