namespace SupportBot.Requests.Commands;

/// <summary>Everything that can happen to a request; <see cref="RequestRules"/> says which may happen in which status.</summary>
public enum RequestCommandKind
{
    File,
    StartLiveChat,
    Take,
    Ask,
    Answer,
    Resolve,
    Escalate,
    ProposeRemediation,
    AgreeRemediation,
    Withdraw,
    Comment,
    ConfirmSolved,
    Rate,
    Reopen,
    EndLiveChat,
    Relay,
}

/// <summary>Which side of a live chat acted: the person who asked for it, or the agent in the request's thread.</summary>
public enum ChatSide
{
    Requester,
    Agent,
}

/// <summary>What one person does to an existing request, at <see cref="At"/>; <see cref="By"/> is their name as others read it.</summary>
public abstract record RequestCommand(string By, DateTimeOffset At)
{
    public abstract RequestCommandKind Kind { get; }
}

/// <summary>An agent takes the request (in a live chat: joins it).</summary>
public sealed record Take(string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Take;
}

/// <summary>An agent asks the requester a question; the request waits on them.</summary>
public sealed record Ask(string Question, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Ask;
}

/// <summary>The requester answers the agent's question.</summary>
public sealed record Answer(string Text, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Answer;
}

public sealed record Resolve(string Resolution, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Resolve;
}

/// <summary>A customer's request is escalated to 21Vianet as request <see cref="EscalationId"/> (filed already).</summary>
public sealed record Escalate(string EscalationId, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Escalate;
}

/// <summary>21Vianet's desk asks the partner to agree to a remediation plan instead of handling the escalation.</summary>
public sealed record ProposeRemediation(string Steps, string Owner, DateOnly TargetDate, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.ProposeRemediation;
}

/// <summary>The partner answers the remediation plan: agrees, or wants to discuss it.</summary>
public sealed record AgreeRemediation(RemediationAnswer Answer, string? Comment, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.AgreeRemediation;
}

public sealed record Withdraw(string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Withdraw;
}

public sealed record Comment(string Text, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Comment;
}

/// <summary>The requester confirms the resolution solved it: the request is closed.</summary>
public sealed record ConfirmSolved(string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.ConfirmSolved;
}

/// <summary>The requester rates the resolution, 1 (not at all satisfied) to 5 (very); a second rating replaces the first.</summary>
public sealed record Rate(int Score, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Rate;
}

public sealed record Reopen(string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Reopen;
}

/// <summary>Either side ends a live chat (or the requester stops waiting for one).</summary>
public sealed record EndLiveChat(ChatSide Side, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.EndLiveChat;
}

/// <summary>A message of a live chat, to the other side.</summary>
public sealed record Relay(ChatSide From, string Text, string By, DateTimeOffset At) : RequestCommand(By, At)
{
    public override RequestCommandKind Kind => RequestCommandKind.Relay;
}

/// <summary>Why a command was refused.</summary>
public enum RefusalReason
{
    /// <summary>Not allowed in the request's status (<see cref="RequestRules"/>).</summary>
    Status,
    /// <summary>Not for this kind of request or this desk (e.g. only the partner's helpdesk escalates a customer's request).</summary>
    NotApplicable,
    /// <summary>The command's content is out of range (e.g. a rating of 7).</summary>
    Invalid,
}

/// <summary>A command the request refused, and why; nothing was changed.</summary>
public sealed record RequestRefusal(string RequestId, RequestCommandKind Command, RequestStatus Status, RefusalReason Reason);

/// <summary>What a command does to a request: the new version with its outbox messages, or a refusal.</summary>
public sealed record CommandResult(RequestUpdate? Update, RequestRefusal? Refusal)
{
    public static implicit operator CommandResult(RequestUpdate update) => new(update, null);

    public static implicit operator CommandResult(RequestRefusal refusal) => new(null, refusal);
}

/// <summary>Thrown inside <see cref="IRequestStore.UpdateAsync"/> to refuse a command, so nothing is written.</summary>
public sealed class RequestRefusedException(RequestRefusal refusal)
    : InvalidOperationException($"Request {refusal.RequestId} refused {refusal.Command} in status {refusal.Status} ({refusal.Reason}).")
{
    public RequestRefusal Refusal { get; } = refusal;
}
