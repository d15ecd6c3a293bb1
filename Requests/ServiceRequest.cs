using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.Bot.Schema;
using SupportBot.Requests.Privacy;

namespace SupportBot.Requests;

// Enums are stored by name, so stored documents stay readable and survive reordering.

/// <summary>What was filed: a customer's request to the partner's helpdesk, a subscription change, a partner's
/// Partner Center request to 21Vianet, or a partner's escalation of a customer issue to 21Vianet.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestKind>))]
public enum RequestKind
{
    ServiceRequest,
    SubscriptionChange,
    PartnerCenterRequest,
    Escalation,
}

/// <summary>The lifecycle of a request (issue 4): submitted → … → closed, or withdrawn.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestStatus>))]
public enum RequestStatus
{
    Submitted,
    Acknowledged,
    InProgress,
    WaitingOnRequester,
    EscalatedTo21Vianet,
    RemediationRequested,
    Resolved,
    Closed,
    Withdrawn,
}

/// <summary>Which agents' desk handles a request: the partner's helpdesk or 21Vianet's escalation desk.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentQueue>))]
public enum AgentQueue
{
    PartnerHelpdesk,
    VianetDesk,
}

/// <summary>Who a requester is to the bot (stored by its wire name: "customer", "partner", "agent").</summary>
public enum RequesterRole
{
    Customer,
    Partner,
    Agent,
}

/// <summary>Partner Center's severity of a request (stored by its wire name: "minimal", "moderate", "critical").</summary>
public enum Severity
{
    Minimal,
    Moderate,
    Critical,
}

/// <summary>The partner's answer to a remediation plan (stored by its wire name: "agree", "discuss").</summary>
public enum RemediationAnswer
{
    Agree,
    Discuss,
}

/// <summary>Who filed a request, and where to tell them about it later.</summary>
public sealed record Requester
{
    public required string ChannelId { get; init; }
    public required string UserId { get; init; }
    public string? Name { get; init; }
    /// <summary>The wire name of a <see cref="RequesterRole"/>; read it as <see cref="RoleKind"/>.</summary>
    public required string Role { get; init; }
    public string? TenantId { get; init; }
    public string? Organisation { get; init; }
    public required string Language { get; init; }
    public required ConversationReference Conversation { get; init; }

    /// <summary>
    /// True when the (authenticated) sender of an activity is this requester: the same channel and user id. Only they
    /// see their request and act on it (issue 11: a person sees only their own requests).
    /// </summary>
    [JsonIgnore]
    public RequesterRole RoleKind => WireNames.Parse<RequesterRole>(Role) ?? RequesterRole.Customer;

    public bool Is(string? channelId, string? userId) =>
        string.Equals(ChannelId, channelId, StringComparison.Ordinal) && string.Equals(UserId, userId, StringComparison.Ordinal);
}

/// <summary>The self-help a person went through before filing: which guide, which steps were shown, and the answer.</summary>
public sealed record SelfHelpRecord
{
    public string? GuideId { get; init; }
    public string? GuideTitle { get; init; }
    public List<string> StepsShown { get; init; } = [];
    public string? Answer { get; init; }
    public DateTimeOffset? At { get; init; }
}

/// <summary>
/// A live chat with an agent (the relay): asked for at <see cref="RequestedAt"/>, live once an agent takes the
/// request (<see cref="ServiceRequest.AssignedTo"/>), over at <see cref="EndedAt"/>. Kept on the request, so a
/// restart or another instance relays the same way.
/// </summary>
public sealed record LiveChatSession
{
    public required DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Who ended it: the requester's or the agent's name.</summary>
    public string? EndedBy { get; init; }

    /// <summary>When the thread was told that a reply without an @mention of the bot stays there (told once).</summary>
    public DateTimeOffset? MentionHintAt { get; init; }

    /// <summary>The person's last messages before asking for a person (masked), so the agent does not take it blind.</summary>
    public List<RequestNote> RecentMessages { get; init; } = [];

    /// <summary>The DESIGN.md intent the bot last understood in the conversation, if any.</summary>
    public string? UnderstoodIntent { get; init; }
}

public sealed record StatusChange(RequestStatus? From, RequestStatus To, string By, DateTimeOffset At, string? Note = null);

/// <param name="Text">Masked (<see cref="PersonalDataMask"/>): notes are stored and shown to agents.</param>
public sealed record RequestNote(string By, DateTimeOffset At, string Text)
{
    public string Text { get; init => field = PersonalDataMask.Mask(value); } = PersonalDataMask.Mask(Text);

    /// <summary>An agent's question to the requester (the requester's answer is put beside it).</summary>
    public bool IsQuestion { get; init; }

    /// <summary>The requester's answer to this question (masked), and when it came.</summary>
    public string? Answer { get; init => field = value is null ? null : PersonalDataMask.Mask(value); }
    public DateTimeOffset? AnsweredAt { get; init; }
}

/// <summary>A plan 21Vianet's desk asks the partner to agree to when it judges an escalation inappropriate.</summary>
public sealed record RemediationPlan
{
    public required string Steps { get; init; }
    public required string Owner { get; init; }
    public required DateOnly TargetDate { get; init; }
    public required string WrittenBy { get; init; }
    public DateTimeOffset WrittenAt { get; init; }
    /// <summary>null until the partner answers; then the wire name of a <see cref="RemediationAnswer"/> ("agree" or
    /// "discuss"). Read it as <see cref="Answer"/>: documents written when this comment said "agreed" read the same.</summary>
    public string? PartnerAnswer { get; init; }

    [JsonIgnore]
    public RemediationAnswer? Answer => PartnerAnswer == "agreed" ? RemediationAnswer.Agree : WireNames.Parse<RemediationAnswer>(PartnerAnswer);
    public string? PartnerComment { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
}

/// <summary>A service request or escalation, with its full history. Stored as one JSON document per request.</summary>
public sealed record ServiceRequest
{
    public required string Id { get; init; }
    public required string SubmissionId { get; init; }
    public required RequestKind Kind { get; init; }
    public required AgentQueue Queue { get; init; }
    public required Requester Requester { get; init; }
    public required string Title { get; init; }
    public string? Area { get; init; }
    /// <summary>The wire name of a <see cref="Requests.Severity"/>; read it as <see cref="SeverityKind"/>.</summary>
    public required string Severity { get; init; }

    [JsonIgnore]
    public Severity SeverityKind => WireNames.Parse<Severity>(Severity) ?? Requests.Severity.Minimal;

    /// <summary>The submitted form's fields, as validated.</summary>
    public required Dictionary<string, string> Form { get; init; }
    public SelfHelpRecord? SelfHelp { get; init; }
    public required RequestStatus Status { get; init; }
    public List<StatusChange> History { get; init; } = [];
    public List<RequestNote> Notes { get; init; } = [];
    public string? AssignedTo { get; init; }
    public string? RelatedRequestId { get; init; }
    public RemediationPlan? RemediationPlan { get; init; }
    /// <summary>Set when the person asked to chat live with an agent rather than fill in a form.</summary>
    public LiveChatSession? LiveChat { get; init; }
    /// <summary>Where the agents' notification lives (the channel thread), once posted.</summary>
    public ConversationReference? AgentThread { get; init; }
    public string? AgentCardActivityId { get; init; }
    /// <summary>An id given by an external system (Partner Center service-request API), if filed there.</summary>
    public string? ExternalId { get; init; }
    /// <summary>The requester's answer to "how satisfied are you?", 1 (not at all) to 5 (very), after resolution.</summary>
    public int? Satisfaction { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public int Version { get; init; }

    public bool IsOpen => Status is not (RequestStatus.Closed or RequestStatus.Withdrawn);

    /// <summary>A live chat an agent has taken and nobody has ended: messages are relayed both ways.</summary>
    [JsonIgnore]
    public bool IsRelaying => LiveChat is { EndedAt: null } && AssignedTo is not null && IsOpen;

    /// <summary>A live chat nobody has taken yet.</summary>
    [JsonIgnore]
    public bool IsWaitingForAgent => LiveChat is { EndedAt: null } && AssignedTo is null && IsOpen;

    /// <summary>
    /// A new request as a store files it: given its id, submitted now, version 1; its title and form fields masked
    /// (<see cref="PersonalDataMask"/>), since they are stored and shown to agents.
    /// </summary>
    public static ServiceRequest Filed(NewRequest request, string id, DateTimeOffset now) => new()
    {
        Id = id,
        SubmissionId = request.SubmissionId,
        Kind = request.Kind,
        Queue = request.Queue,
        Requester = request.Requester,
        Title = PersonalDataMask.Mask(request.Title),
        Area = request.Area,
        Severity = request.Severity,
        Form = request.Form.ToDictionary(field => field.Key, field => PersonalDataMask.Mask(field.Value)),
        SelfHelp = request.SelfHelp,
        RelatedRequestId = request.RelatedRequestId,
        LiveChat = request.LiveChat,
        Status = RequestStatus.Submitted,
        History = [new StatusChange(null, RequestStatus.Submitted, request.Requester.Name ?? request.Requester.UserId, now)],
        CreatedAt = now,
        Version = 1,
    };

    public static JsonSerializerOptions Json => ProtocolJson.Options;
}
