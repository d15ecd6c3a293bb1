using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Localization;
using SupportBot.Requests;
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
        try
        {
            switch (verb)
            {
                case AgentCards.Take:
                    return await ChangedAsync(await requests.UpdateAsync(request.Id, current => TakeChange(current, by, now), cancellationToken),
                        language, cancellationToken, replies.Text(language, "agents.done.take", by, request.Id));
                case AgentCards.Ask when Text(data, AgentCards.QuestionInput)?.Trim() is { Length: > 0 } question:
                    var asked = UserText.Truncate(question, 2000);
                    return await ChangedAsync(await requests.UpdateAsync(request.Id, current => AskChange(current, asked, by, now), cancellationToken),
                        language, cancellationToken, replies.Text(language, "agents.done.ask", by, request.Id, PersonalDataMask.Mask(asked)));
                case AgentCards.Resolve when Text(data, AgentCards.ResolutionInput)?.Trim() is { Length: > 0 } resolution:
                    var resolved = UserText.Truncate(resolution, 2000);
                    return await ChangedAsync(await requests.UpdateAsync(request.Id, current => ResolveChange(current, resolved, by, now), cancellationToken),
                        language, cancellationToken, replies.Text(language, "agents.done.resolve", by, request.Id, PersonalDataMask.Mask(resolved)));
                case AgentCards.Ask or AgentCards.Resolve:
                    return Say(language, "agents.action.required");
                case AgentCards.EscalateForm when AgentCards.CanEscalate(request):
                    await PostFormAsync(turn, language, cards.EscalationForm(request, language, AgentCards.EscalationPrefill(request, by),
                        new Dictionary<string, string>(), Guid.NewGuid().ToString("N")), cancellationToken);
                    return new(cards.Notification(request, language), replies.Text(language, "agents.done.escalateForm", request.Id));
                case AgentCards.RemediationForm when AgentCards.CanRequestRemediation(request):
                    await PostFormAsync(turn, language, cards.RemediationPlanForm(request, language, new Dictionary<string, string> { ["owner"] = request.Requester.Name ?? "" },
                        new Dictionary<string, string>(), Guid.NewGuid().ToString("N")), cancellationToken);
                    return new(cards.Notification(request, language), replies.Text(language, "agents.done.remediationForm", request.Id));
                case AgentCards.Escalate when AgentCards.CanEscalate(request) || request.Status == RequestStatus.EscalatedTo21Vianet:
                    return await EscalateAsync(turn, request, language, data, by, now, cancellationToken);
                case AgentCards.Remediation when AgentCards.CanRequestRemediation(request):
                    return await RequestRemediationAsync(request, language, data, by, now, cancellationToken);
                default:
                    return Say(language, "agents.notApplicable", request.Id, cards.Status(request.Status, language));
            }
        }
        catch (InvalidRequestTransitionException)
        {
            var current = await requests.GetAsync(request.Id, cancellationToken) ?? request;
            return Say(language, "agents.notApplicable", request.Id, cards.Status(current.Status, language));
        }
    }

    private static RequestUpdate TakeChange(ServiceRequest request, string by, DateTimeOffset now)
    {
        if (!request.IsOpen || request.Status == RequestStatus.Resolved)
            throw new InvalidRequestTransitionException(request.Id, request.Status, RequestStatus.Acknowledged);
        var taken = request.Status == RequestStatus.Submitted
            ? RequestLifecycle.Move(request, RequestStatus.Acknowledged, by, now)
            : request with { History = [.. request.History, new StatusChange(request.Status, request.Status, by, now, "assigned")] };
        // The requester hears once that a person has it; a hand-over between agents is the desk's own business.
        // In a live chat, taking it means joining the chat: the relay starts (Dialogs/RequesterChat).
        var joined = request.LiveChat is { EndedAt: null } ? RequesterUpdate.AgentJoined : RequesterUpdate.Acknowledged;
        IReadOnlyList<OutboxMessage> outbox = request.AssignedTo is null
            ? [OutboxMessage.Create(OutboxKinds.RequesterUpdate, request.Id, new RequesterUpdate(request.Id, joined, By: by), now)]
            : [];
        return new RequestUpdate(taken with { AssignedTo = by }, outbox);
    }

    private static RequestUpdate AskChange(ServiceRequest request, string question, string by, DateTimeOffset now)
    {
        var waiting = request.Status == RequestStatus.WaitingOnRequester ? request : RequestLifecycle.Move(request, RequestStatus.WaitingOnRequester, by, now);
        return new RequestUpdate(
            waiting with { Notes = [.. request.Notes, new RequestNote(by, now, question) { IsQuestion = true }], AssignedTo = request.AssignedTo ?? by },
            [OutboxMessage.Create(OutboxKinds.RequesterUpdate, request.Id, new RequesterUpdate(request.Id, RequesterUpdate.Question, question, by), now)]);
    }

    private static RequestUpdate ResolveChange(ServiceRequest request, string resolution, string by, DateTimeOffset now) => new(
        RequestLifecycle.Move(request, RequestStatus.Resolved, by, now, resolution) with { AssignedTo = request.AssignedTo ?? by },
        [OutboxMessage.Create(OutboxKinds.RequesterUpdate, request.Id, new RequesterUpdate(request.Id, RequesterUpdate.Resolved, resolution, by), now)]);

    /// <summary>Files the escalation (once per form submission), then moves the customer's request and tells the customer.</summary>
    private async Task<AgentOutcome> EscalateAsync(TurnContext turn, ServiceRequest request, string language, JsonElement data, string by,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var submissionId = Text(data, "submissionId") ?? Guid.NewGuid().ToString("N");
        // Escalated already: only the form that did it may be sent again (a retry); an older form would file a second escalation.
        if (!AgentCards.CanEscalate(request) && await requests.FindBySubmissionAsync(submissionId, cancellationToken) is null)
            return Say(language, "agents.notApplicable", request.Id, cards.Status(request.Status, language));
        var validation = FormValidator.Validate(RequestForms.Escalation, FormInputs(data));
        if (!validation.IsValid)
            return new(cards.EscalationForm(request, language, validation.Values, Errors(validation, language), submissionId), null);

        var values = validation.Form!.Values.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var activity = turn.Activity;
        var filed = await requests.FileAsync(new NewRequest
        {
            SubmissionId = submissionId,
            Kind = RequestKind.Escalation,
            Queue = AgentQueue.VianetDesk,
            // The partner's helpdesk is the requester of an escalation: 21Vianet's answers come back into this thread.
            Requester = new Requester
            {
                ChannelId = activity.ChannelId!,
                UserId = activity.From!.Id!,
                Name = values.GetValueOrDefault("contactName") ?? by,
                Role = "partner",
                TenantId = activity.Conversation?.TenantId ?? activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id,
                Organisation = request.Requester.Organisation,
                Language = language,
                Conversation = activity.GetConversationReference(),
            },
            Title = $"{values["customerName"]}: {replies.Text(language, $"form.escalation.service.{values["service"]}")}",
            Area = values["service"],
            Severity = values["severity"],
            Form = values,
            SelfHelp = request.SelfHelp,
            RelatedRequestId = request.Id,
        }, escalation =>
        [
            OutboxMessage.Create(OutboxKinds.AgentNotification, escalation.Id, new AgentNotification(escalation.Id, AgentNotification.Created, By: by), now),
            OutboxMessage.Create(OutboxKinds.EscalationFiling, escalation.Id, new EscalationFiling(escalation.Id), now),
        ], cancellationToken);
        metrics.RequestFiled(filed);
        var escalationId = filed.Request.Id;

        // A repeated submit finds the escalation filed and the request moved already: nothing changes twice.
        var updated = await requests.UpdateAsync(request.Id, current =>
        {
            if (current.Status == RequestStatus.EscalatedTo21Vianet) return current;
            return new RequestUpdate(
                RequestLifecycle.Move(current, RequestStatus.EscalatedTo21Vianet, by, now, escalationId) with
                {
                    RelatedRequestId = current.RelatedRequestId ?? escalationId,
                    AssignedTo = current.AssignedTo ?? by,
                },
                [OutboxMessage.Create(OutboxKinds.RequesterUpdate, current.Id, new RequesterUpdate(current.Id, RequesterUpdate.Escalated, escalationId, by), now)]);
        }, cancellationToken);
        await UpdateNotificationAsync(updated, language, cancellationToken);
        var done = replies.Text(language, "agents.done.escalated", by, request.Id, escalationId);
        return new(cards.Done(language, done), done);
    }

    private async Task<AgentOutcome> RequestRemediationAsync(ServiceRequest request, string language, JsonElement data, string by,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var submissionId = Text(data, "submissionId") ?? Guid.NewGuid().ToString("N");
        var validation = FormValidator.Validate(RequestForms.RemediationPlan, FormInputs(data));
        if (!validation.IsValid)
            return new(cards.RemediationPlanForm(request, language, validation.Values, Errors(validation, language), submissionId), null);

        var values = validation.Form!.Values;
        var plan = new RemediationPlan
        {
            Steps = values["steps"],
            Owner = values["owner"],
            TargetDate = DateOnly.ParseExact(values["targetDate"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            WrittenBy = by,
            WrittenAt = now,
        };
        var updated = await requests.UpdateAsync(request.Id, current => new RequestUpdate(
            RequestLifecycle.Move(current, RequestStatus.RemediationRequested, by, now) with { RemediationPlan = plan, AssignedTo = current.AssignedTo ?? by },
            [OutboxMessage.Create(OutboxKinds.RequesterUpdate, current.Id, new RequesterUpdate(current.Id, RequesterUpdate.RemediationRequested, By: by), now)]),
            cancellationToken);
        await UpdateNotificationAsync(updated, language, cancellationToken);
        var done = replies.Text(language, "agents.done.remediation", by, request.Id);
        return new(cards.Done(language, done), done);
    }

    private async Task<AgentOutcome> ChangedAsync(ServiceRequest updated, string language, CancellationToken cancellationToken, string threadLine)
    {
        await UpdateNotificationAsync(updated, language, cancellationToken);
        return new(cards.Notification(updated, language), threadLine, threadLine);
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
