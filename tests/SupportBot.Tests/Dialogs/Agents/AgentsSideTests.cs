using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Agents;

/// <summary>
/// Issue 16 item 9, over HTTP with the real outbox worker: what an agent in the team channel sees of a live chat (the
/// person's last messages, masked, and what the bot understood), a thread reply without an @mention (it stays in the
/// thread, told once), the requester's answer beside the question, and a line in the thread for take, ask and resolve.
/// </summary>
public sealed class AgentsSideTests : AgentDeskTest
{
    private Task CustomerSaysAsync(string text) =>
        Desk.PostAsync(Activities.WebChatMessage(text, Connector.ServiceUrl, conversationId: AgentDesk.CustomerConversation));

    private Task<Activity> ThreadReceivesAsync(string thread, string text) =>
        AgentDesk.WaitForAsync(() => Desk.MessagesIn(thread).LastOrDefault(m => m.Visible().Contains(text, StringComparison.Ordinal)));

    private async Task<(ServiceRequest Request, string Thread)> LiveChatAsync()
    {
        await CustomerSaysAsync("Our invoice for November is wrong, we were billed twice on card 4111 1111 1111 1111");
        await CustomerSaysAsync("talk to a person");
        var filed = Assert.Single(await Desk.Store.ListByRequesterAsync(Channels.WebChat, "dl_webchat-user"));
        var request = await Desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        return (request, request.AgentThread!.Conversation!.Id!);
    }

    [Fact]
    public async Task A_live_chat_card_shows_the_persons_last_messages_masked_and_what_the_bot_understood()
    {
        var (request, _) = await LiveChatAsync();

        var card = Assert.Single(Desk.ChannelPosts()).Parameters!.Activity!.Visible();

        Assert.Contains("The bot understood", card);
        Assert.Contains("Billing and invoices", card);
        Assert.Contains("Last messages before asking for a person", card);
        Assert.Contains("Our invoice for November is wrong", card);
        Assert.DoesNotContain("4111 1111 1111 1111", card);
        Assert.Contains("mention @SupportBot", card);
        Assert.DoesNotContain("4111 1111 1111 1111", JsonSerializer.Serialize(request.LiveChat));
    }

    [Fact]
    public async Task A_reply_without_a_mention_stays_in_the_thread_and_the_thread_is_told_so_once()
    {
        var (request, thread) = await LiveChatAsync();
        await Desk.InvokeAsync("take", request);
        await ThreadReceivesAsync(thread, "took request");

        foreach (var text in new[] { "Li, can you check the billing logs?", "Sure, looking now." })
        {
            var reply = Desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, thread);
            reply.Text = text;
            await Desk.PostAsync(reply);
        }
        await Desk.WaitForOutboxDrainedAsync();

        Assert.DoesNotContain(Desk.CustomerMessages(), m => m.Visible().Contains("billing logs", StringComparison.Ordinal));
        var told = Desk.MessagesIn(thread).Where(m => m.Text?.Contains("This reply stays in this thread", StringComparison.Ordinal) == true).ToList();
        Assert.Contains("Customer", Assert.Single(told).Text);

        var mentioned = AgentDesk.Mentioning(Desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, thread), "Which invoice number?", "en-US");
        await Desk.PostAsync(mentioned);
        await AgentDesk.WaitForAsync(() => Desk.CustomerMessages().LastOrDefault(m => m.Visible().Contains("Which invoice number?", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_in_the_agents_channel_without_a_mention_gets_no_answer()
    {
        var message = Desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, $"{AgentDesk.HelpdeskChannel};messageid=42");
        message.Text = "help";
        await Desk.PostAsync(message);
        await Desk.WaitForOutboxDrainedAsync();

        Assert.Empty(Desk.MessagesIn($"{AgentDesk.HelpdeskChannel};messageid=42"));
    }

    [Fact]
    public async Task Take_ask_and_resolve_each_leave_a_line_in_the_thread_and_the_answer_stands_beside_the_question()
    {
        var filed = await Desk.FileThroughTheFormAsync();
        var request = await Desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        var thread = request.AgentThread!.Conversation!.Id!;

        await Desk.InvokeAsync("take", request);
        await ThreadReceivesAsync(thread, $"Agent Smith took request {request.Id}.");
        await Desk.InvokeAsync("ask", request, data: new Dictionary<string, string> { ["question"] = "Which browser do you use?" });
        await ThreadReceivesAsync(thread, $"Agent Smith asked the requester of {request.Id}: Which browser do you use?");

        await AgentDesk.WaitForAsync(() => Desk.CustomerMessages().LastOrDefault(m => m.Visible().Contains("Which browser do you use?", StringComparison.Ordinal)));
        await CustomerSaysAsync("Edge, version 131");
        await ThreadReceivesAsync(thread, "Edge, version 131");
        var answered = await Desk.WaitForRequestAsync(request.Id, r => r.Notes.Any(n => n.Answer is not null));
        await Desk.InvokeAsync("resolve", answered, data: new Dictionary<string, string> { ["resolution"] = "Cleared the Edge cache." });
        await ThreadReceivesAsync(thread, $"Agent Smith resolved request {request.Id}: Cleared the Edge cache.");

        // The card (updated in place) shows the answer under the question.
        var card = Desk.Updates(request.AgentCardActivityId!).Last().Activity!.Visible();
        var questionAt = card.IndexOf("Which browser do you use?", StringComparison.Ordinal);
        var answerAt = card.IndexOf("Answer from", StringComparison.Ordinal);
        Assert.True(questionAt >= 0 && answerAt > questionAt, card);
        Assert.Contains("Edge, version 131", card[answerAt..]);
    }
}
