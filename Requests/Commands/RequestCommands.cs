namespace SupportBot.Requests.Commands;

/// <summary>
/// What each command does to a request: the new version and the messages it causes (written together by
/// <see cref="IRequestStore.UpdateAsync"/>), or a refusal. Pure: no store, no clock, no turn.
/// </summary>
public static class RequestCommands
{
    /// <summary>Longest text a person's message adds to a request or relays (well inside a channel post, ≈28 KB, PROTOCOL.md §4.7).</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>Longest comment a requester adds.</summary>
    public const int MaxCommentLength = 2000;

    public static CommandResult Apply(ServiceRequest request, RequestCommand command)
    {
        // Escalating again to the same escalation is a retry of the agent's form: nothing changes twice.
        if (command is Escalate && request.Status == RequestStatus.EscalatedTo21Vianet) return new RequestUpdate(request, []);
        if (!RequestRules.Allows(request.Status, command.Kind)) return Refuse(request, command, RefusalReason.Status);
        return command switch
        {
            Take take => Take(request, take),
            Ask ask => Ask(request, ask),
            Answer answer => Answer(request, answer),
            Resolve resolve => Resolve(request, resolve),
            Escalate escalate => Escalate(request, escalate),
            ProposeRemediation propose => ProposeRemediation(request, propose),
            AgreeRemediation agree => AgreeRemediation(request, agree),
            Withdraw withdraw => RequesterMove(request, RequestStatus.Withdrawn, AgentNotification.Withdrawn, withdraw),
            Comment comment => Comment(request, comment),
            ConfirmSolved confirm => RequesterMove(request, RequestStatus.Closed, AgentNotification.ConfirmedSolved, confirm),
            Rate rate => Rate(request, rate),
            Reopen reopen => RequesterMove(request, RequestStatus.InProgress, AgentNotification.Reopened, reopen),
            EndLiveChat end => EndLiveChat(request, end),
            Relay relay => Relay(request, relay),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "Not a command on an existing request."),
        };
    }

    private static CommandResult Take(ServiceRequest request, Take command)
    {
        var taken = request.Status == RequestStatus.Submitted
            ? RequestLifecycle.Move(request, RequestStatus.Acknowledged, command.By, command.At)
            : request with { History = [.. request.History, new StatusChange(request.Status, request.Status, command.By, command.At, "assigned")] };
        // The requester hears once that a person has it; a hand-over between agents is the desk's own business.
        // In a live chat, taking it means joining the chat: the relay starts.
        var joined = request.LiveChat is { EndedAt: null } ? RequesterUpdate.AgentJoined : RequesterUpdate.Acknowledged;
        return new RequestUpdate(taken with { AssignedTo = command.By },
            request.AssignedTo is null ? [ToRequester(request, joined, command)] : []);
    }

    private static CommandResult Ask(ServiceRequest request, Ask command)
    {
        var waiting = request.Status == RequestStatus.WaitingOnRequester
            ? request
            : RequestLifecycle.Move(request, RequestStatus.WaitingOnRequester, command.By, command.At);
        return new RequestUpdate(
            waiting with { Notes = [.. request.Notes, new RequestNote(command.By, command.At, command.Question) { IsQuestion = true }], AssignedTo = request.AssignedTo ?? command.By },
            [ToRequester(request, RequesterUpdate.Question, command, command.Question)]);
    }

    private static CommandResult Answer(ServiceRequest request, Answer command)
    {
        var answer = Cut(command.Text.Trim(), MaxMessageLength);
        // Beside the question it answers (the latest unanswered one); without one it is a note of its own.
        var question = request.Notes.FindLastIndex(note => note is { IsQuestion: true, Answer: null });
        var notes = request.Notes.ToList();
        if (question >= 0) notes[question] = notes[question] with { Answer = answer, AnsweredAt = command.At };
        else notes.Add(new RequestNote(command.By, command.At, answer));
        var noted = request with { Notes = notes };
        if (noted.Status == RequestStatus.WaitingOnRequester) noted = RequestLifecycle.Move(noted, RequestStatus.InProgress, command.By, command.At);
        return new RequestUpdate(noted, [ToAgents(request, AgentNotification.RequesterAnswered, command.At, answer, command.By)]);
    }

    private static CommandResult Resolve(ServiceRequest request, Resolve command) => new RequestUpdate(
        RequestLifecycle.Move(request, RequestStatus.Resolved, command.By, command.At, command.Resolution) with { AssignedTo = request.AssignedTo ?? command.By },
        [ToRequester(request, RequesterUpdate.Resolved, command, command.Resolution)]);

    private static CommandResult Escalate(ServiceRequest request, Escalate command)
    {
        if (!RequestRules.CanBeEscalated(request)) return Refuse(request, command, RefusalReason.NotApplicable);
        return new RequestUpdate(
            RequestLifecycle.Move(request, RequestStatus.EscalatedTo21Vianet, command.By, command.At, command.EscalationId) with
            {
                RelatedRequestId = request.RelatedRequestId ?? command.EscalationId,
                AssignedTo = request.AssignedTo ?? command.By,
            },
            [ToRequester(request, RequesterUpdate.Escalated, command, command.EscalationId)]);
    }

    private static CommandResult ProposeRemediation(ServiceRequest request, ProposeRemediation command)
    {
        if (!RequestRules.CanGetRemediationPlan(request)) return Refuse(request, command, RefusalReason.NotApplicable);
        var plan = new RemediationPlan { Steps = command.Steps, Owner = command.Owner, TargetDate = command.TargetDate, WrittenBy = command.By, WrittenAt = command.At };
        return new RequestUpdate(
            RequestLifecycle.Move(request, RequestStatus.RemediationRequested, command.By, command.At) with { RemediationPlan = plan, AssignedTo = request.AssignedTo ?? command.By },
            [ToRequester(request, RequesterUpdate.RemediationRequested, command)]);
    }

    private static CommandResult AgreeRemediation(ServiceRequest request, AgreeRemediation command)
    {
        if (request.RemediationPlan is not { } plan) return Refuse(request, command, RefusalReason.NotApplicable);
        var answer = WireNames.Of(command.Answer);
        return new RequestUpdate(
            request with
            {
                RemediationPlan = plan with { PartnerAnswer = answer, PartnerComment = command.Comment, AnsweredAt = command.At },
                History = [.. request.History, new StatusChange(request.Status, request.Status, command.By, command.At, $"remediation plan: {answer}")],
            },
            [ToAgents(request, AgentNotification.RemediationAnswered, command.At)]);
    }

    private static CommandResult Comment(ServiceRequest request, Comment command) => new RequestUpdate(
        request with { Notes = [.. request.Notes, new RequestNote(command.By, command.At, Cut(command.Text, MaxCommentLength))] },
        [ToAgents(request, AgentNotification.Commented, command.At)]);

    private static CommandResult Rate(ServiceRequest request, Rate command)
    {
        if (command.Score is < 1 or > 5) return Refuse(request, command, RefusalReason.Invalid);
        // A second rating replaces the first; the agents hear the latest one.
        return new RequestUpdate(request with { Satisfaction = command.Score },
            [ToAgents(request, AgentNotification.Rated, command.At, command.Score.ToString(System.Globalization.CultureInfo.InvariantCulture), command.By)]);
    }

    /// <summary>A move made by the requester, which the agents of the request's queue must hear about.</summary>
    private static CommandResult RequesterMove(ServiceRequest request, RequestStatus to, string agentEvent, RequestCommand command) => new RequestUpdate(
        RequestLifecycle.Move(request, to, command.By, command.At),
        [ToAgents(request, agentEvent, command.At, by: command.By)]);

    private static CommandResult EndLiveChat(ServiceRequest request, EndLiveChat command)
    {
        // Ended already (by the other side, or a repeated "end"): nothing more to say.
        if (request.LiveChat is not { EndedAt: null } chat) return new RequestUpdate(request, []);
        var ended = request with { LiveChat = chat with { EndedAt = command.At, EndedBy = command.By } };
        var relayEnded = ToAgents(request, AgentNotification.RelayEnded, command.At, by: command.By);
        // The thread hears it from RelayEnded; the requester hears the agent left, in the same words whoever ended it.
        return command.Side == ChatSide.Agent
            ? new RequestUpdate(ended, [ToRequester(request, RequesterUpdate.AgentLeft, command with { By = request.AssignedTo ?? command.By }), relayEnded])
            : new RequestUpdate(ended, request.AssignedTo is { } agent
                ? [relayEnded, ToRequester(request, RequesterUpdate.AgentLeft, command with { By = agent })]
                : [relayEnded]);
    }

    /// <summary>A live chat's message changes nothing on the request: only its outbox message is written.</summary>
    private static CommandResult Relay(ServiceRequest request, Relay command)
    {
        if (!request.IsRelaying) return Refuse(request, command, RefusalReason.NotApplicable);
        var text = Cut(command.Text.Trim(), MaxMessageLength);
        return new RequestUpdate(request, [command.From == ChatSide.Requester
            ? ToAgents(request, AgentNotification.RelayMessage, command.At, text, command.By)
            : ToRequester(request, RequesterUpdate.RelayMessage, command, text)]);
    }

    private static RequestRefusal Refuse(ServiceRequest request, RequestCommand command, RefusalReason reason) =>
        new(request.Id, command.Kind, request.Status, reason);

    internal static OutboxMessage ToAgents(ServiceRequest request, string @event, DateTimeOffset at, string? text = null, string? by = null) =>
        OutboxMessage.Create(OutboxKinds.AgentNotification, request.Id, new AgentNotification(request.Id, @event, text, by), at);

    private static OutboxMessage ToRequester(ServiceRequest request, string @event, RequestCommand command, string? text = null) =>
        OutboxMessage.Create(OutboxKinds.RequesterUpdate, request.Id, new RequesterUpdate(request.Id, @event, text, command.By), command.At);

    private static string Cut(string text, int max) => text.Length > max ? text[..max] : text;
}
