using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Agents;

/// <summary>Issue 5 end to end over HTTP: the agents' channel post, agent actions on the card, the requester's updates.</summary>
public sealed class AgentDeskTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private AgentDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _desk = AgentDesk.Start(_connector);
    }

    public async Task DisposeAsync()
    {
        await _desk.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task A_new_request_opens_exactly_one_thread_in_the_helpdesk_channel_with_the_card()
    {
        var filed = await _desk.FileThroughTheFormAsync();

        var request = await _desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        await _desk.WaitForOutboxDrainedAsync();
        var post = Assert.Single(_desk.ChannelPosts());
        var parameters = post.Parameters!;
        Assert.True(parameters.IsGroup);
        Assert.Equal(AgentDesk.Tenant, parameters.TenantId);
        var channelData = parameters.ChannelData!.Value;
        Assert.Equal(AgentDesk.HelpdeskChannel, channelData.GetProperty("channel").GetProperty("id").GetString());
        Assert.Equal(AgentDesk.Tenant, channelData.GetProperty("tenant").GetProperty("id").GetString());

        var card = parameters.Activity!.Visible();
        foreach (var expected in new[]
        {
            "New for the partner helpdesk: Service request", "Cannot open invoices", filed.Id, "Moderate", "New", "Nobody yet",
            "Li Wei", "Customer", "Contoso", "English", "The invoice PDF does not open since Monday.",
            "No self-help guide was tried before filing.", "Tenant domain", "contoso.partner.onmschina.cn", "Account and billing",
            "Take it", "Ask a question", "Resolve", "Escalate to 21Vianet",
        })
            Assert.Contains(expected, card);
        var json = parameters.Activity!.CardJson();
        Assert.Contains("\"Action.Execute\"", json);
        Assert.Contains("\"fallback\"", json);
        Assert.Contains("\"version\":\"1.5\"", json);

        Assert.Equal($"{AgentDesk.HelpdeskChannel};messageid={request.AgentCardActivityId}", request.AgentThread!.Conversation!.Id);
        Assert.Equal(_connector.ServiceUrl, request.AgentThread.ServiceUrl);
    }

    [Fact]
    public async Task Take_ask_and_resolve_change_the_request_refresh_the_card_for_everyone_and_tell_the_requester()
    {
        var filed = await _desk.FileThroughTheFormAsync();
        var request = await _desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        var cardId = request.AgentCardActivityId!;
        var before = _desk.CustomerMessages().Count;

        var taken = await _desk.InvokeAsync("take", request);
        AssertCard(taken, "Agent Smith", "Taken");
        Assert.DoesNotContain("Take it", taken.GetProperty("value").GetRawText());
        await _desk.WaitForRequestAsync(request.Id, r => r.Status == RequestStatus.Acknowledged && r.AssignedTo == "Agent Smith");
        Assert.Contains("Taken", Assert.Single(_desk.Updates(cardId)).Activity!.Visible());
        var acknowledged = await AgentDesk.WaitForAsync(() => _desk.CustomerMessages().Skip(before).FirstOrDefault());
        Assert.Contains($"Agent Smith from the support team has taken your request {request.Id}", acknowledged.Text);

        var asked = await _desk.InvokeAsync("ask", request, data: new Dictionary<string, string> { ["question"] = "Which browser do you use?" });
        AssertCard(asked, "Waiting on the requester", "Which browser do you use?");
        await _desk.WaitForRequestAsync(request.Id, r => r.Status == RequestStatus.WaitingOnRequester);
        var question = await AgentDesk.WaitForAsync(() => _desk.CustomerMessages().Skip(before + 1).FirstOrDefault());
        Assert.Contains("Which browser do you use?", question.Text);
        Assert.Equal(2, _desk.Updates(cardId).Count);

        var resolved = await _desk.InvokeAsync("resolve", request, data: new Dictionary<string, string> { ["resolution"] = "Cleared the PDF viewer cache." });
        AssertCard(resolved, "Resolved", "Cleared the PDF viewer cache.");
        Assert.DoesNotContain("Action.Execute\",\"title\":\"Resolve", resolved.GetProperty("value").GetRawText());
        await _desk.WaitForRequestAsync(request.Id, r => r.Status == RequestStatus.Resolved);
        var resolution = await AgentDesk.WaitForAsync(() => _desk.CustomerMessages().Skip(before + 2).FirstOrDefault());
        Assert.Contains("Cleared the PDF viewer cache.", resolution.Visible());
        foreach (var (title, value) in new[] { ("Yes, solved", "confirmSolved"), ("No, reopen it", "reopen"), ("Rate the support", "rate") })
        {
            var data = resolution.Button(title);
            Assert.Equal("request", data.GetProperty("topic").GetString());
            Assert.Equal(value, data.GetProperty("value").GetString());
            Assert.Equal(request.Id, data.GetProperty("request").GetString());
        }
        Assert.Equal(3, _desk.Updates(cardId).Count);
        await _desk.WaitForOutboxDrainedAsync();
        Assert.Equal(3, _desk.CustomerMessages().Count - before);
    }

    [Fact]
    public async Task Someone_outside_the_queue_is_refused_and_nothing_changes()
    {
        var request = await _desk.FileDirectlyAsync("refused-1");
        request = await _desk.WaitForRequestAsync(request.Id, r => r.AgentCardActivityId is not null);

        var response = await _desk.InvokeAsync("take", request, userId: "29:stranger", teamId: "19:another-team@thread.skype");

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.activity.message", response.GetProperty("type").GetString());
        Assert.Equal("Only agents of the partner helpdesk can act on this request.", response.GetProperty("value").GetString());
        var unchanged = await _desk.Store.GetAsync(request.Id);
        Assert.Equal((RequestStatus.Submitted, null), (unchanged!.Status, unchanged.AssignedTo));
        Assert.Empty(_desk.Updates(request.AgentCardActivityId!));

        // A 21Vianet desk agent is not an agent of the partner helpdesk either.
        var vianet = await _desk.InvokeAsync("take", request, teamId: AgentDesk.VianetTeam);
        Assert.Equal("application/vnd.microsoft.activity.message", vianet.GetProperty("type").GetString());

        // Anyone in the channel may refresh the card (Teams asks when the card is shown), but only agents get the full card.
        AssertCard(await _desk.InvokeAsync("refresh", request, userId: "29:stranger", teamId: "19:another-team@thread.skype"), "Only agents of the partner helpdesk");
        AssertCard(await _desk.InvokeAsync("refresh", request), "Take it");

        // A listed agent may act from anywhere (here: a chat outside the team).
        var listed = await _desk.InvokeAsync("take", request, userId: AgentDesk.ListedAgent, teamId: null);
        AssertCard(listed, "Listed Agent");
    }

    [Fact]
    public async Task The_Action_Submit_fallback_takes_the_same_path_as_a_message()
    {
        var request = await _desk.FileDirectlyAsync("fallback-1");
        request = await _desk.WaitForRequestAsync(request.Id, r => r.AgentCardActivityId is not null);
        var thread = request.AgentThread!.Conversation!.Id!;
        var submit = _desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, thread);
        submit.ReplyToId = request.AgentCardActivityId;
        submit.Value = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["requestId"] = request.Id, ["agentAction"] = "take" });

        await _desk.PostAsync(submit);

        await _desk.WaitForRequestAsync(request.Id, r => r.AssignedTo == "Agent Smith");
        var said = await AgentDesk.WaitForAsync(() => _desk.MessagesIn(thread).FirstOrDefault(m => m.Text?.Contains("took request") == true));
        Assert.Equal($"Agent Smith took request {request.Id}.", said.Text);
        Assert.NotEmpty(_desk.Updates(request.AgentCardActivityId!));
        await AgentDesk.WaitForAsync(() => _desk.CustomerMessages().FirstOrDefault(m => m.Text?.Contains("has taken your request") == true));
    }

    [Fact]
    public async Task Escalating_to_21Vianet_files_an_escalation_moves_the_request_and_21Vianet_can_ask_for_a_remediation_plan()
    {
        var filed = await _desk.FileThroughTheFormAsync();
        var request = await _desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        var thread = request.AgentThread!.Conversation!.Id!;

        var opened = await _desk.InvokeAsync("escalateForm", request);
        AssertCard(opened, "Escalate to 21Vianet");
        var form = await AgentDesk.WaitForAsync(() => _desk.MessagesIn(thread).FirstOrDefault(m => m.Visible().Contains($"Escalate {request.Id} to 21Vianet")));
        var prefilled = form.CardJson();
        Assert.Contains("Contoso", prefilled);
        Assert.Contains("contoso.partner.onmschina.cn", prefilled);
        Assert.Contains("The invoice PDF does not open since Monday.", prefilled);
        var submitData = ExecuteData(form, "escalate");

        var incomplete = await _desk.InvokeAsync("escalate", request, data: submitData);
        AssertCard(incomplete, "This field is required.");

        var inputs = new Dictionary<string, string>(submitData)
        {
            ["customerName"] = "Contoso",
            ["tenantDomain"] = "contoso.partner.onmschina.cn",
            ["service"] = "exchangeOnline",
            ["severity"] = "critical",
            ["businessImpact"] = "Nobody can send invoices.",
            ["description"] = "The invoice PDF does not open since Monday.",
            ["triedInAdminCenter"] = "Checked the service health and the message center.",
            ["cannotResolveReasons"] = "tools",
            ["cannotResolveExplanation"] = "We cannot see the mailbox logs.",
            ["contactName"] = "Agent Smith",
            ["email"] = "helpdesk@partner.cn",
            ["phone"] = "+86 10 1234 5678",
        };
        var escalated = await _desk.InvokeAsync("escalate", request, data: inputs);
        AssertCard(escalated, "escalated request");

        var customerRequest = await _desk.WaitForRequestAsync(request.Id, r => r.Status == RequestStatus.EscalatedTo21Vianet);
        var escalation = (await _desk.Store.GetAsync(customerRequest.RelatedRequestId!))!;
        Assert.Equal((RequestKind.Escalation, AgentQueue.VianetDesk, request.Id), (escalation.Kind, escalation.Queue, escalation.RelatedRequestId));
        Assert.Equal(thread, escalation.Requester.Conversation.Conversation!.Id);
        await AgentDesk.WaitForAsync(() => _desk.CustomerMessages().FirstOrDefault(m => m.Text?.Contains($"escalated to 21Vianet as {escalation.Id}") == true));

        // The same submit again (a double click) files nothing more; an older copy of the form is refused.
        await _desk.InvokeAsync("escalate", request, data: inputs);
        var older = await _desk.InvokeAsync("escalate", request, data: new Dictionary<string, string>(inputs) { ["submissionId"] = "an-older-form" });
        Assert.Equal($"Request {request.Id} is Escalated to 21Vianet: that action no longer applies.", older.GetProperty("value").GetString());
        Assert.Single((await _desk.Store.ListByRequesterAsync(Channels.MsTeams, "29:agent-smith")));

        // 21Vianet's desk (its cards in Japanese) gets its own thread and asks for a remediation plan.
        escalation = await _desk.WaitForRequestAsync(escalation.Id, r => r.AgentCardActivityId is not null);
        var vianetPost = Assert.Single(_desk.ChannelPosts(), p => p.Parameters!.ChannelData!.Value.GetProperty("channel").GetProperty("id").GetString() == AgentDesk.VianetChannel);
        Assert.Contains("21Vianet デスクの新着: 21Vianet へのエスカレーション", vianetPost.Parameters!.Activity!.Visible().Replace("\u00a0", " "));
        var vianetThread = escalation.AgentThread!.Conversation!.Id!;
        await _desk.InvokeAsync("remediationForm", escalation, teamId: AgentDesk.VianetTeam);
        var planForm = await AgentDesk.WaitForAsync(() => _desk.MessagesIn(vianetThread).FirstOrDefault(m => m.Visible().Contains("修復プラン")));
        var plan = new Dictionary<string, string>(ExecuteData(planForm, "remediation"))
        {
            ["steps"] = "Train the helpdesk on message trace.",
            ["owner"] = "Agent Smith",
            ["targetDate"] = "2026-12-31",
        };
        await _desk.InvokeAsync("remediation", escalation, teamId: AgentDesk.VianetTeam, data: plan);

        await _desk.WaitForRequestAsync(escalation.Id, r => r.Status == RequestStatus.RemediationRequested && r.RemediationPlan?.Steps == plan["steps"]);
        // The partner (the helpdesk that escalated) hears it in its own thread, with the button StatusFlow answers.
        var told = await AgentDesk.WaitForAsync(() => _desk.MessagesIn(thread).FirstOrDefault(m => m.Visible().Contains("asks you to meet to discuss a remediation plan")));
        Assert.Equal("remediation", told.Button("Answer the plan").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_later_event_updates_the_card_and_is_told_in_the_thread()
    {
        var request = await _desk.FileDirectlyAsync("commented-1");
        request = await _desk.WaitForRequestAsync(request.Id, r => r.AgentCardActivityId is not null);
        var thread = request.AgentThread!.Conversation!.Id!;

        // What StatusFlow writes when the requester adds a comment.
        await _desk.Store.UpdateAsync(request.Id, r => new RequestUpdate(
            r with { Notes = [.. r.Notes, new RequestNote("Li Wei", DateTimeOffset.UtcNow, "It also fails on my phone.")] },
            [OutboxMessage.Create(OutboxKinds.AgentNotification, r.Id, new AgentNotification(r.Id, AgentNotification.Commented), DateTimeOffset.UtcNow)]));

        var said = await AgentDesk.WaitForAsync(() => _desk.MessagesIn(thread).FirstOrDefault());
        Assert.Equal("Li Wei added a comment: It also fails on my phone.", said.Text);
        Assert.Equal("plain", said.TextFormat);
        Assert.Contains("It also fails on my phone.", Assert.Single(_desk.Updates(request.AgentCardActivityId!)).Activity!.Visible());
        Assert.Single(_desk.ChannelPosts());
    }

    [Theory]
    [InlineData("Use this channel for the 21Vianet desk.", "en-US", "Done: new requests for the 21Vianet desk are posted in this channel")]
    [InlineData("将此频道用于世纪互联支持服务台", "zh-CN", "好的：从现在起，世纪互联支持服务台的新请求将发布在此频道中")]
    [InlineData("将此频道用于世纪互联支持台", "zh-CN", "好的：从现在起，世纪互联支持服务台的新请求将发布在此频道中")]
    [InlineData("このチャネルを 21Vianet デスクに使う", "ja-JP", "設定しました。これから21Vianet デスクへの新しい要求は")]
    public async Task An_agent_chooses_the_queue_channel_in_Teams_and_it_wins_over_configuration_after_a_restart(string phrase, string locale, string confirmation)
    {
        const string capturedTeam = "19:new-vianet-team@thread.skype";
        const string capturedChannel = "19:new-vianet-channel@thread.skype";
        var thread = $"{capturedChannel};messageid=42";

        var stranger = AgentDesk.Mentioning(_desk.TeamsChannelActivity("29:stranger", capturedTeam, thread, capturedChannel), phrase, locale);
        await _desk.PostAsync(stranger);
        await AgentDesk.WaitForAsync(() => _desk.MessagesIn(thread).FirstOrDefault());
        Assert.DoesNotContain(confirmation, _desk.MessagesIn(thread).Single().Text);

        await _desk.PostAsync(AgentDesk.Mentioning(_desk.TeamsChannelActivity(AgentDesk.ListedAgent, capturedTeam, thread, capturedChannel), phrase, locale));
        var said = await AgentDesk.WaitForAsync(() => _desk.MessagesIn(thread).Skip(1).FirstOrDefault());
        Assert.StartsWith(confirmation, said.Text);

        // Stored, not remembered: a restarted bot posts the 21Vianet desk's requests in the captured channel.
        await _desk.DisposeAsync();
        await using var restarted = AgentDesk.Start(_connector, _desk.App.DatabasePath);
        var request = await restarted.FileDirectlyAsync("captured-1", AgentQueue.VianetDesk);
        request = await restarted.WaitForRequestAsync(request.Id, r => r.AgentThread is not null);
        var post = Assert.Single(restarted.ChannelPosts());
        Assert.Equal(capturedChannel, post.Parameters!.ChannelData!.Value.GetProperty("channel").GetProperty("id").GetString());
        // Its team's members are now the desk's agents.
        AssertCard(await restarted.InvokeAsync("take", request, teamId: capturedTeam), "Agent Smith");
    }

    private static void AssertCard(JsonElement response, params string[] expected)
    {
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.card.adaptive", response.GetProperty("type").GetString());
        var card = new Activity { Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = response.GetProperty("value") }] }.Visible();
        foreach (var text in expected) Assert.Contains(text, card);
    }

    /// <summary>The data of a card's Action.Execute with <paramref name="verb"/>.</summary>
    private static Dictionary<string, string> ExecuteData(Activity message, string verb)
    {
        var json = JsonDocument.Parse(message.CardJson()).RootElement;
        var action = json.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("type").GetString() == "Action.Execute" && a.GetProperty("verb").GetString() == verb);
        return action.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}
