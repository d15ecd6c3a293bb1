using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Agents;

/// <summary>
/// Both sides of issue 5 together, over HTTP with the real outbox worker: a customer asks for a person, an agent takes
/// the request from the channel card, and messages go both ways until the agent ends the chat; an agent's question is
/// answered by the requester's next message.
/// </summary>
public sealed class LiveChatEndToEndTests : IAsyncLifetime
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

    private Task CustomerSaysAsync(string text) =>
        _desk.PostAsync(Activities.WebChatMessage(text, _connector.ServiceUrl, conversationId: AgentDesk.CustomerConversation));

    private Task<Activity> CustomerReceivesAsync(string text) =>
        AgentDesk.WaitForAsync(() => _desk.CustomerMessages().LastOrDefault(m => m.Visible().Contains(text, StringComparison.Ordinal)));

    private Task<Activity> ThreadReceivesAsync(ServiceRequest request, string text) =>
        AgentDesk.WaitForAsync(() => _desk.MessagesIn(request.AgentThread!.Conversation!.Id!).LastOrDefault(m => m.Visible().Contains(text, StringComparison.Ordinal)));

    [Fact]
    public async Task A_customer_and_an_agent_talk_through_the_bot_until_the_agent_ends_the_chat()
    {
        await CustomerSaysAsync("talk to a person");
        await CustomerReceivesAsync("I've asked a person at your partner's helpdesk to join this chat");
        var filed = Assert.Single(await _desk.Store.ListByRequesterAsync(Channels.WebChat, "dl_webchat-user"));
        var request = await _desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        Assert.Single(_desk.ChannelPosts());

        await _desk.InvokeAsync("take", request);
        await CustomerReceivesAsync("Agent Smith from your partner's helpdesk has joined the chat");

        await CustomerSaysAsync("My mail has been stuck in the outbox since 9:00");
        await ThreadReceivesAsync(request, "My mail has been stuck in the outbox since 9:00");

        var thread = request.AgentThread!.Conversation!.Id!;
        // Mentioning the bot: a reply without a mention stays in the thread (issue 16 item 9).
        var reply = AgentDesk.Mentioning(_desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, thread), "Please restart Outlook and tell me what you see.", "en-US");
        await _desk.PostAsync(reply);
        await CustomerReceivesAsync("Agent Smith: Please restart Outlook and tell me what you see.");

        var end = _desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, thread);
        end.Text = "end";
        await _desk.PostAsync(end);
        await CustomerReceivesAsync("Agent Smith has left the chat; you're back with SupportBot.");

        var before = _desk.MessagesIn(thread).Count;
        await CustomerSaysAsync("thanks!");
        await _desk.WaitForOutboxDrainedAsync();
        Assert.DoesNotContain(_desk.MessagesIn(thread).Skip(before), m => m.Visible().Contains("thanks!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_requesters_answer_to_an_agents_question_goes_back_to_the_thread()
    {
        var filed = await _desk.FileThroughTheFormAsync();
        var request = await _desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        await _desk.InvokeAsync("take", request);
        await _desk.InvokeAsync("ask", request, data: new Dictionary<string, string> { ["question"] = "Which browser do you use?" });
        await CustomerReceivesAsync("Which browser do you use?");

        await CustomerSaysAsync("Edge, version 131");

        await ThreadReceivesAsync(request, "Edge, version 131");
        var answered = await _desk.WaitForRequestAsync(request.Id, r => r.Status == RequestStatus.InProgress);
        // Beside the question it answers (issue 16 item 9), not a note of its own.
        var question = Assert.Single(answered.Notes);
        Assert.Equal(("Which browser do you use?", "Edge, version 131"), (question.Text, question.Answer));
    }
}
