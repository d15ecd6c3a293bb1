using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.Bot.DirectLine;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Agents;

/// <summary>A requester in the bot's own web chat (embedded Direct Line) hears about an agent's action proactively.</summary>
public sealed class AgentDeskDirectLineTests
{
    [Fact]
    public async Task An_agent_taking_the_request_is_told_to_the_web_chat_user_through_the_embedded_Direct_Line()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["Support:Queues:PartnerHelpdesk:TeamId"] = AgentDesk.HelpdeskTeam,
            ["Support:Queues:PartnerHelpdesk:ChannelId"] = AgentDesk.HelpdeskChannel,
            ["Support:Queues:PartnerHelpdesk:ServiceUrl"] = connector.ServiceUrl,
            ["Support:Queues:PartnerHelpdesk:TenantId"] = AgentDesk.Tenant,
            ["Outbox:PollInterval"] = "00:00:00.050",
        }, realBot: true);
        var conversation = await host.StartConversationAsync(locale: "ja-JP");
        var welcome = (await host.PollAsync(conversation)).Activities.First(a => a.From?.Id != "dl_test-user");
        var store = host.Services.GetRequiredService<IRequestStore>();
        var clock = host.Services.GetRequiredService<TimeProvider>();

        var filed = (await store.FileAsync(new NewRequest
        {
            SubmissionId = "direct-line-1",
            Kind = RequestKind.ServiceRequest,
            Queue = AgentQueue.PartnerHelpdesk,
            Requester = new Requester
            {
                ChannelId = welcome.ChannelId!,
                UserId = "dl_test-user",
                Name = "山田 花子",
                Role = "customer",
                Language = "ja",
                Conversation = new ConversationReference
                {
                    ChannelId = welcome.ChannelId,
                    ServiceUrl = host.ServiceUrl,
                    Conversation = welcome.Conversation,
                    User = welcome.Recipient,
                    Bot = welcome.From,
                },
            },
            Title = "Outlook が起動しない",
            Severity = "moderate",
            Form = new Dictionary<string, string> { ["title"] = "Outlook が起動しない", ["description"] = "今朝から起動しません。" },
        }, request => [OutboxMessage.Create(OutboxKinds.AgentNotification, request.Id, new AgentNotification(request.Id, AgentNotification.Created), clock.GetUtcNow())])).Request;
        var posted = await AgentDesk.WaitForAsync(async () => await store.GetAsync(filed.Id) is { AgentThread: not null } r ? r : null);

        var invoke = new Activity
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            Id = "invoke-1",
            ServiceUrl = connector.ServiceUrl,
            ChannelId = Channels.MsTeams,
            From = new ChannelAccount("29:agent-smith", "Agent Smith"),
            Recipient = new ChannelAccount($"28:{Activities.BotAppId}", "SupportBot"),
            Conversation = new ConversationAccount(posted.AgentThread!.Conversation!.Id!, isGroup: true, conversationType: "channel", tenantId: AgentDesk.Tenant),
            ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = AgentDesk.Tenant }, team = new { id = AgentDesk.HelpdeskTeam } }),
            Value = JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb = "take", data = new { requestId = filed.Id } }, trigger = "manual" }),
        };
        var response = await host.Http.PostAsJsonAsync("api/messages", invoke, ProtocolJson.Options);
        Assert.Equal(200, (int)response.StatusCode);

        var told = await AgentDesk.WaitForAsync(async () => (await host.PollAsync(conversation)).Activities
            .FirstOrDefault(a => a.Text?.Contains("サポート チームの Agent Smith さんが要求") == true));
        Assert.Contains(filed.Id, told.Text);
        Assert.Equal("ja-JP", told.Locale);
    }
}
