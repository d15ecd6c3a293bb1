using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Requests.Commands;

namespace SupportBot.Tests.Requests.Commands;

/// <summary>The request commands as pure functions: no bot, no store, no clock.</summary>
public sealed class RequestCommandsTests
{
    private static readonly DateTimeOffset Filed = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Filed.AddHours(2);

    private static ServiceRequest Request(RequestStatus status = RequestStatus.Submitted, RequestKind kind = RequestKind.ServiceRequest,
        AgentQueue queue = AgentQueue.PartnerHelpdesk) =>
        ServiceRequest.Filed(New(kind, queue), "SR-20261121-0001", Filed) with { Status = status };

    private static NewRequest New(RequestKind kind = RequestKind.ServiceRequest, AgentQueue queue = AgentQueue.PartnerHelpdesk, string role = "customer") => new()
    {
        SubmissionId = "s1",
        Kind = kind,
        Queue = queue,
        Requester = new Requester
        {
            ChannelId = Channels.WebChat,
            UserId = "u1",
            Name = "Li Wei",
            Role = role,
            Language = "zh-Hans",
            Conversation = new ConversationReference { ChannelId = Channels.WebChat, Conversation = new ConversationAccount("c1") },
        },
        Title = "Outlook 无法连接",
        Severity = "moderate",
        Form = new() { ["title"] = "Outlook 无法连接" },
    };

    private static RequestUpdate Applied(ServiceRequest request, RequestCommand command)
    {
        var result = RequestCommands.Apply(request, command);
        Assert.Null(result.Refusal);
        return result.Update!;
    }

    private static RequestRefusal Refused(ServiceRequest request, RequestCommand command)
    {
        var result = RequestCommands.Apply(request, command);
        Assert.Null(result.Update);
        return result.Refusal!;
    }

    private static T Payload<T>(OutboxMessage message) => message.Payload.Deserialize<T>(ProtocolJson.Options)!;

    private static (string Kind, string Event) Message(OutboxMessage message) => message.Kind switch
    {
        OutboxKinds.AgentNotification => (message.Kind, Payload<AgentNotification>(message).Event),
        OutboxKinds.RequesterUpdate => (message.Kind, Payload<RequesterUpdate>(message).Event),
        _ => (message.Kind, ""),
    };

    public static TheoryData<RequestCommand> EveryCommand() =>
    [
        new Take("Agent A", Now), new Ask("Which version?", "Agent A", Now), new Answer("2408", "Li Wei", Now),
        new Resolve("Cleared the cache.", "Agent A", Now), new Escalate("SR-20261121-0002", "Agent A", Now),
        new ProposeRemediation("Run the wizard", "Partner", new DateOnly(2026, 12, 1), "21V", Now),
        new AgreeRemediation(RemediationAnswer.Agree, null, "Partner", Now), new Withdraw("Li Wei", Now), new Comment("More detail", "Li Wei", Now),
        new ConfirmSolved("Li Wei", Now), new Rate(4, "Li Wei", Now), new Reopen("Li Wei", Now),
        new EndLiveChat(ChatSide.Requester, "Li Wei", Now), new Relay(ChatSide.Agent, "Hello", "Agent A", Now),
    ];

    /// <summary>The command table and the lifecycle agree: a command allowed in a status never makes a move the lifecycle refuses.</summary>
    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void The_command_table_is_the_one_answer_to_what_a_status_allows(RequestCommand command)
    {
        foreach (var status in Enum.GetValues<RequestStatus>())
        {
            // A request each command applies to: the right desk, a plan to answer, a live chat with an agent in it.
            var request = (command switch
            {
                ProposeRemediation => Request(status, RequestKind.Escalation, AgentQueue.VianetDesk),
                _ => Request(status),
            }) with
            {
                RemediationPlan = new RemediationPlan { Steps = "s", Owner = "o", TargetDate = new DateOnly(2026, 12, 1), WrittenBy = "21V" },
                LiveChat = new LiveChatSession { RequestedAt = Filed },
                AssignedTo = "Agent A",
            };
            var result = RequestCommands.Apply(request, command);
            if (RequestRules.Allows(status, command.Kind))
                Assert.True(result.Update is not null, $"{command.Kind} in {status}: {result.Refusal}");
            else if (!(command is Escalate && status == RequestStatus.EscalatedTo21Vianet))
                Assert.Equal(new RequestRefusal(request.Id, command.Kind, status, RefusalReason.Status), result.Refusal);
        }
    }

    [Fact]
    public void Every_command_has_a_row_in_the_table() =>
        Assert.Equal(Enum.GetValues<RequestCommandKind>().Order(), RequestRules.AllowedFrom.Keys.Order());

    [Fact]
    public void Filing_tells_the_agents_and_a_request_to_21Vianet_is_also_filed_with_the_escalation_sink()
    {
        var filed = ServiceRequest.Filed(New(), "SR-1", Filed);
        Assert.Equal([(OutboxKinds.AgentNotification, AgentNotification.Created)], RequestFilings.File(new FileRequest(New(), Now)).Outbox(filed).Select(Message));

        var toVianet = ServiceRequest.Filed(New(RequestKind.Escalation, AgentQueue.VianetDesk), "SR-2", Filed);
        var outbox = RequestFilings.File(new FileRequest(New(RequestKind.Escalation, AgentQueue.VianetDesk), Now, By: "Agent A")).Outbox(toVianet);
        Assert.Equal([OutboxKinds.AgentNotification, OutboxKinds.EscalationFiling], outbox.Select(m => m.Kind));
        Assert.Equal("Agent A", Payload<AgentNotification>(outbox[0]).By);
    }

    [Fact]
    public void A_live_chat_goes_to_the_desk_of_the_persons_role_and_is_not_filed_with_the_escalation_sink()
    {
        var partner = New(role: "partner").Requester;
        var filing = RequestFilings.StartLiveChat(new StartLiveChat("livechat:1", partner, "Chat", null, Now));
        Assert.Equal((RequestKind.PartnerCenterRequest, AgentQueue.VianetDesk, "minimal"), (filing.Request.Kind, filing.Request.Queue, filing.Request.Severity));
        Assert.Equal(Now, filing.Request.LiveChat!.RequestedAt);
        var filed = ServiceRequest.Filed(filing.Request, "SR-3", Now);
        Assert.Equal([(OutboxKinds.AgentNotification, AgentNotification.Created)], filing.Outbox(filed).Select(Message));

        var customer = RequestFilings.StartLiveChat(new StartLiveChat("livechat:2", New().Requester, "Chat", null, Now));
        Assert.Equal((RequestKind.ServiceRequest, AgentQueue.PartnerHelpdesk), (customer.Request.Kind, customer.Request.Queue));
    }

    [Fact]
    public void Take_acknowledges_a_new_request_and_tells_the_requester_once()
    {
        var update = Applied(Request(), new Take("Agent A", Now));
        Assert.Equal((RequestStatus.Acknowledged, "Agent A"), (update.Request.Status, update.Request.AssignedTo));
        Assert.Equal([(OutboxKinds.RequesterUpdate, RequesterUpdate.Acknowledged)], update.Outbox.Select(Message));

        var handedOver = Applied(update.Request with { Status = RequestStatus.InProgress }, new Take("Agent B", Now));
        Assert.Equal((RequestStatus.InProgress, "Agent B", "assigned"), (handedOver.Request.Status, handedOver.Request.AssignedTo, handedOver.Request.History[^1].Note));
        Assert.Empty(handedOver.Outbox);

        Assert.Equal(RefusalReason.Status, Refused(Request(RequestStatus.Resolved), new Take("Agent A", Now)).Reason);
    }

    [Fact]
    public void Taking_a_live_chat_joins_it()
    {
        var update = Applied(Request() with { LiveChat = new LiveChatSession { RequestedAt = Filed } }, new Take("Agent A", Now));
        Assert.Equal([(OutboxKinds.RequesterUpdate, RequesterUpdate.AgentJoined)], update.Outbox.Select(Message));
        Assert.True(update.Request.IsRelaying);
    }

    [Fact]
    public void Ask_waits_on_the_requester_and_sends_the_question()
    {
        var update = Applied(Request(RequestStatus.InProgress), new Ask("Which version?", "Agent A", Now));
        Assert.Equal(RequestStatus.WaitingOnRequester, update.Request.Status);
        Assert.Equal("Which version?", update.Request.Notes.Single().Text);
        Assert.Equal("Which version?", Payload<RequesterUpdate>(update.Outbox.Single()).Text);
        Assert.Equal(RefusalReason.Status, Refused(Request(RequestStatus.Closed), new Ask("?", "Agent A", Now)).Reason);
    }

    [Fact]
    public void Answer_notes_the_answer_and_puts_the_request_back_in_progress()
    {
        var update = Applied(Request(RequestStatus.WaitingOnRequester), new Answer("  Version 2408  ", "Li Wei", Now));
        Assert.Equal((RequestStatus.InProgress, "Version 2408"), (update.Request.Status, update.Request.Notes.Single().Text));
        Assert.Equal((AgentNotification.RequesterAnswered, "Version 2408", "Li Wei"),
            Payload<AgentNotification>(update.Outbox.Single()) is var n ? (n.Event, n.Text, n.By) : default);
        Assert.Equal(RequestCommands.MaxMessageLength, Applied(Request(), new Answer(new string('x', 5000), "Li Wei", Now)).Request.Notes.Single().Text.Length);
        Assert.Equal(RefusalReason.Status, Refused(Request(RequestStatus.Withdrawn), new Answer("late", "Li Wei", Now)).Reason);
    }

    [Fact]
    public void Resolve_records_the_resolution_and_tells_the_requester()
    {
        var update = Applied(Request(RequestStatus.InProgress), new Resolve("Cleared the cache.", "Agent A", Now));
        Assert.Equal((RequestStatus.Resolved, "Cleared the cache.", "Agent A"), (update.Request.Status, update.Request.History[^1].Note, update.Request.AssignedTo));
        Assert.Equal([(OutboxKinds.RequesterUpdate, RequesterUpdate.Resolved)], update.Outbox.Select(Message));
        Assert.Equal(RefusalReason.Status, Refused(Request(RequestStatus.Resolved), new Resolve("again", "Agent A", Now)).Reason);
    }

    [Fact]
    public void Escalate_moves_a_customers_request_once_and_only_at_the_partners_helpdesk()
    {
        var update = Applied(Request(RequestStatus.InProgress), new Escalate("SR-2", "Agent A", Now));
        Assert.Equal((RequestStatus.EscalatedTo21Vianet, "SR-2"), (update.Request.Status, update.Request.RelatedRequestId));
        Assert.Equal(("SR-2", RequesterUpdate.Escalated), Payload<RequesterUpdate>(update.Outbox.Single()) is var u ? (u.Text, u.Event) : default);

        var again = Applied(update.Request, new Escalate("SR-2", "Agent A", Now));
        Assert.Same(update.Request, again.Request);
        Assert.Empty(again.Outbox);

        Assert.Equal(RefusalReason.NotApplicable,
            Refused(Request(RequestStatus.InProgress, RequestKind.PartnerCenterRequest, AgentQueue.VianetDesk), new Escalate("SR-2", "21V", Now)).Reason);
        Assert.False(RequestRules.CanEscalate(Request(RequestStatus.Resolved)));
        Assert.True(RequestRules.CanEscalate(Request(RequestStatus.WaitingOnRequester)));
    }

    [Fact]
    public void ProposeRemediation_attaches_the_plan_to_an_escalation_at_21Vianets_desk()
    {
        var escalation = Request(RequestStatus.EscalatedTo21Vianet, RequestKind.Escalation, AgentQueue.VianetDesk);
        var update = Applied(escalation, new ProposeRemediation("Run the wizard", "Partner", new DateOnly(2026, 12, 1), "21V", Now));
        Assert.Equal((RequestStatus.RemediationRequested, "Run the wizard", "21V", Now), (update.Request.Status, update.Request.RemediationPlan!.Steps,
            update.Request.RemediationPlan.WrittenBy, update.Request.RemediationPlan.WrittenAt));
        Assert.Equal([(OutboxKinds.RequesterUpdate, RequesterUpdate.RemediationRequested)], update.Outbox.Select(Message));
        Assert.Equal(RefusalReason.NotApplicable, Refused(Request(), new ProposeRemediation("s", "o", new DateOnly(2026, 12, 1), "21V", Now)).Reason);
        Assert.False(RequestRules.CanProposeRemediation(update.Request));
    }

    [Fact]
    public void AgreeRemediation_stores_the_answer_by_its_wire_name_and_reads_the_old_spelling()
    {
        var plan = new RemediationPlan { Steps = "s", Owner = "o", TargetDate = new DateOnly(2026, 12, 1), WrittenBy = "21V" };
        var update = Applied(Request(RequestStatus.RemediationRequested) with { RemediationPlan = plan },
            new AgreeRemediation(RemediationAnswer.Agree, "Booked", "Partner", Now));
        Assert.Equal(("agree", "Booked", RemediationAnswer.Agree), (update.Request.RemediationPlan!.PartnerAnswer, update.Request.RemediationPlan.PartnerComment,
            update.Request.RemediationPlan.Answer));
        Assert.Equal((RequestStatus.RemediationRequested, "remediation plan: agree"), (update.Request.Status, update.Request.History[^1].Note));
        Assert.Equal([(OutboxKinds.AgentNotification, AgentNotification.RemediationAnswered)], update.Outbox.Select(Message));
        Assert.Equal(RemediationAnswer.Agree, (plan with { PartnerAnswer = "agreed" }).Answer);
        Assert.Equal(RefusalReason.NotApplicable, Refused(Request(), new AgreeRemediation(RemediationAnswer.Discuss, null, "Partner", Now)).Reason);
    }

    [Fact]
    public void Withdraw_ConfirmSolved_and_Reopen_are_the_requesters_moves_the_agents_hear_about()
    {
        Assert.Equal((RequestStatus.Withdrawn, AgentNotification.Withdrawn), Move(Request(), new Withdraw("Li Wei", Now)));
        Assert.Equal((RequestStatus.Closed, AgentNotification.ConfirmedSolved), Move(Request(RequestStatus.Resolved), new ConfirmSolved("Li Wei", Now)));
        Assert.Equal((RequestStatus.InProgress, AgentNotification.Reopened), Move(Request(RequestStatus.Resolved), new Reopen("Li Wei", Now)));
        Assert.Equal(RefusalReason.Status, Refused(Request(RequestStatus.Resolved), new Withdraw("Li Wei", Now)).Reason);
        Assert.Equal(RefusalReason.Status, Refused(Request(RequestStatus.InProgress), new ConfirmSolved("Li Wei", Now)).Reason);
        Assert.Equal(RefusalReason.Status, Refused(Request(RequestStatus.Closed), new Reopen("Li Wei", Now)).Reason);

        static (RequestStatus, string) Move(ServiceRequest request, RequestCommand command)
        {
            var update = Applied(request, command);
            var notification = Payload<AgentNotification>(update.Outbox.Single());
            Assert.Equal("Li Wei", notification.By);
            return (update.Request.Status, notification.Event);
        }
    }

    [Fact]
    public void Comment_adds_a_note_in_any_status()
    {
        var update = Applied(Request(RequestStatus.Closed), new Comment(new string('c', 2500), "Li Wei", Now));
        Assert.Equal(RequestCommands.MaxCommentLength, update.Request.Notes.Single().Text.Length);
        Assert.Equal([(OutboxKinds.AgentNotification, AgentNotification.Commented)], update.Outbox.Select(Message));
    }

    [Fact]
    public void Rate_takes_one_to_five_once_resolved_and_a_second_rating_replaces_the_first()
    {
        var rated = Applied(Request(RequestStatus.Closed), new Rate(2, "Li Wei", Now));
        Assert.Equal(5, Applied(rated.Request, new Rate(5, "Li Wei", Now)).Request.Satisfaction);
        Assert.Equal("2", Payload<AgentNotification>(rated.Outbox.Single()).Text);
        Assert.Equal(RefusalReason.Invalid, Refused(Request(RequestStatus.Resolved), new Rate(7, "Li Wei", Now)).Reason);
        Assert.Equal(RefusalReason.Status, Refused(Request(RequestStatus.InProgress), new Rate(3, "Li Wei", Now)).Reason);
    }

    [Fact]
    public void Ending_a_live_chat_tells_both_sides_once()
    {
        var live = Request() with { LiveChat = new LiveChatSession { RequestedAt = Filed }, AssignedTo = "Agent A" };
        var byRequester = Applied(live, new EndLiveChat(ChatSide.Requester, "Li Wei", Now));
        Assert.Equal((Now, "Li Wei"), (byRequester.Request.LiveChat!.EndedAt, byRequester.Request.LiveChat.EndedBy));
        Assert.Equal([(OutboxKinds.AgentNotification, AgentNotification.RelayEnded), (OutboxKinds.RequesterUpdate, RequesterUpdate.AgentLeft)],
            byRequester.Outbox.Select(Message));
        Assert.Equal("Agent A", Payload<RequesterUpdate>(byRequester.Outbox[1]).By);

        var byAgent = Applied(live, new EndLiveChat(ChatSide.Agent, "Agent B", Now));
        Assert.Equal([(OutboxKinds.RequesterUpdate, RequesterUpdate.AgentLeft), (OutboxKinds.AgentNotification, AgentNotification.RelayEnded)],
            byAgent.Outbox.Select(Message));
        Assert.Equal(("Agent A", "Agent B"), (Payload<RequesterUpdate>(byAgent.Outbox[0]).By, Payload<AgentNotification>(byAgent.Outbox[1]).By));

        var waiting = Applied(live with { AssignedTo = null }, new EndLiveChat(ChatSide.Requester, "Li Wei", Now));
        Assert.Equal([(OutboxKinds.AgentNotification, AgentNotification.RelayEnded)], waiting.Outbox.Select(Message));
        Assert.Empty(Applied(byRequester.Request, new EndLiveChat(ChatSide.Agent, "Agent A", Now)).Outbox);
    }

    [Fact]
    public void Relay_passes_a_live_chats_message_to_the_other_side_and_changes_nothing_else()
    {
        var live = Request() with { LiveChat = new LiveChatSession { RequestedAt = Filed }, AssignedTo = "Agent A" };
        var fromRequester = Applied(live, new Relay(ChatSide.Requester, " Hello ", "Li Wei", Now));
        Assert.Same(live, fromRequester.Request);
        Assert.Equal((AgentNotification.RelayMessage, "Hello", "Li Wei"), Payload<AgentNotification>(fromRequester.Outbox.Single()) is var n ? (n.Event, n.Text, n.By) : default);
        var fromAgent = Applied(live, new Relay(ChatSide.Agent, "Hi", "Agent A", Now));
        Assert.Equal((RequesterUpdate.RelayMessage, "Hi"), Payload<RequesterUpdate>(fromAgent.Outbox.Single()) is var u ? (u.Event, u.Text) : default);
        Assert.Equal(RefusalReason.NotApplicable, Refused(live with { AssignedTo = null }, new Relay(ChatSide.Requester, "Hello?", "Li Wei", Now)).Reason);
    }

    [Fact]
    public void Wire_names_round_trip_and_refuse_what_is_not_one()
    {
        Assert.Equal(["customer", "partner", "agent"], WireNames.All<RequesterRole>());
        Assert.Equal(["minimal", "moderate", "critical"], WireNames.All<Severity>());
        Assert.Equal(RequesterRole.Partner, WireNames.Parse<RequesterRole>("partner"));
        Assert.Null(WireNames.Parse<RequesterRole>("Partner"));
        Assert.Null(WireNames.Parse<Severity>(null));
    }
}
