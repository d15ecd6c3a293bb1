namespace SupportBot.Requests.Commands;

/// <summary>A request to file, as the form (or the agent's escalation) gave it, by <paramref name="By"/> (null: the requester).</summary>
public sealed record FileRequest(NewRequest Request, DateTimeOffset At, string? By = null);

/// <summary>"Talk to a person": a live-chat request with the desk of the person's role.</summary>
/// <param name="SubmissionId">The same activity delivered twice (a channel retry) asks once.</param>
/// <param name="RecentMessages">The person's last messages (masked notes), and <paramref name="UnderstoodIntent"/> what the bot understood, for the agent who takes it.</param>
public sealed record StartLiveChat(string SubmissionId, Requester Requester, string Title, SelfHelpRecord? SelfHelp, DateTimeOffset At,
    IReadOnlyList<RequestNote>? RecentMessages = null, string? UnderstoodIntent = null);

/// <summary>What filing writes: the request, and the messages its store writes with it once it has its id.</summary>
public sealed record Filing(NewRequest Request, Func<ServiceRequest, IReadOnlyList<OutboxMessage>> Outbox);

public static class RequestFilings
{
    /// <summary>
    /// Filing tells the agents of the request's queue; a request to 21Vianet (not a live chat) is also filed with
    /// the escalation sink (Partner Center API or the built-in store).
    /// </summary>
    public static Filing File(FileRequest command) => new(command.Request, request =>
        request.LiveChat is null && request.Kind is RequestKind.PartnerCenterRequest or RequestKind.Escalation
            ? [Created(request, command), OutboxMessage.Create(OutboxKinds.EscalationFiling, request.Id, new EscalationFiling(request.Id), command.At)]
            : [Created(request, command)]);

    /// <summary>Customers chat with their partner's helpdesk; partners with 21Vianet's desk.</summary>
    public static Filing StartLiveChat(StartLiveChat command)
    {
        var (kind, queue) = command.Requester.RoleKind == RequesterRole.Partner
            ? (RequestKind.PartnerCenterRequest, AgentQueue.VianetDesk)
            : (RequestKind.ServiceRequest, AgentQueue.PartnerHelpdesk);
        return File(new FileRequest(new NewRequest
        {
            SubmissionId = command.SubmissionId,
            Kind = kind,
            Queue = queue,
            Requester = command.Requester,
            Title = command.Title,
            Area = command.SelfHelp?.GuideId,
            Severity = WireNames.Of(Severity.Minimal),
            Form = [],
            SelfHelp = command.SelfHelp,
            LiveChat = new LiveChatSession { RequestedAt = command.At, RecentMessages = [.. command.RecentMessages ?? []], UnderstoodIntent = command.UnderstoodIntent },
        }, command.At));
    }

    private static OutboxMessage Created(ServiceRequest request, FileRequest command) =>
        RequestCommands.ToAgents(request, AgentNotification.Created, command.At, by: command.By);
}

/// <summary>A command's outcome once stored: the request as it now is, and the refusal if it was refused.</summary>
public sealed record CommandOutcome(ServiceRequest Request, RequestRefusal? Refusal = null)
{
    public bool Refused => Refusal is not null;
}

/// <summary>Runs request commands against a store: each change with its outbox in one <see cref="IRequestStore.UpdateAsync"/>.</summary>
public static class RequestStoreCommands
{
    public static Task<FileResult> FileAsync(this IRequestStore store, Filing filing, CancellationToken cancellationToken = default) =>
        store.FileAsync(filing.Request, filing.Outbox, cancellationToken);

    /// <summary>Applies <paramref name="command"/> to the latest version of request <paramref name="id"/>; a refusal writes nothing.</summary>
    public static async Task<CommandOutcome> ExecuteAsync(this IRequestStore store, string id, RequestCommand command, CancellationToken cancellationToken = default)
    {
        if (command is Relay) throw new ArgumentException($"A relayed message writes no new version: use {nameof(RelayAsync)}.", nameof(command));
        try
        {
            return new CommandOutcome(await store.UpdateAsync(id, current =>
            {
                var result = RequestCommands.Apply(current, command);
                return result.Update ?? throw new RequestRefusedException(result.Refusal!);
            }, cancellationToken));
        }
        catch (RequestRefusedException refused)
        {
            return new CommandOutcome(await store.GetAsync(id, cancellationToken) ?? throw new RequestNotFoundException(id), refused.Refusal);
        }
    }

    /// <summary>A live chat's message to the other side of <paramref name="request"/> (as just read): only its outbox message is written.</summary>
    public static async Task<CommandOutcome> RelayAsync(this IRequestStore store, ServiceRequest request, Relay relay, CancellationToken cancellationToken = default)
    {
        var result = RequestCommands.Apply(request, relay);
        if (result.Refusal is { } refused) return new CommandOutcome(request, refused);
        foreach (var message in result.Update!.Outbox) await store.SaveOutboxAsync(message, cancellationToken);
        return new CommandOutcome(request);
    }
}
