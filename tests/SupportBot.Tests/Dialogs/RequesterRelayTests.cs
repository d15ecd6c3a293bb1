using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>
/// The requester's side of the agent handoff, as transcripts: answering an agent's question, confirming, reopening
/// and rating a resolved request, and the live chat relay both ways. The agents' side is played by <see cref="AgentSide"/>.
/// </summary>
public sealed class RequesterRelayTests
{
    private static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text };

    private static async Task<List<Activity>> Say(SupportBotHarness bot, Activity activity)
    {
        await bot.Adapter.ProcessAsync(activity);
        return Drain(bot);
    }

    private static Task<List<Activity>> Say(SupportBotHarness bot, string text) => Say(bot, Text(text));

    private static List<Activity> Drain(SupportBotHarness bot)
    {
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        return replies;
    }

    private static Activity Containing(IEnumerable<Activity> replies, string text) =>
        replies.FirstOrDefault(r => r.Visible().Contains(text, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No reply contains \"{text}\". Replies:\n{string.Join("\n---\n", replies.Select(r => r.Visible()))}");

    private static Activity Button(string value, string requestId) =>
        ReplyReading.Submit(JsonSerializer.SerializeToElement(new { topic = "request", value, request = requestId }));

    private static IRequestStore Store(SupportBotHarness bot) => bot.Services.GetRequiredService<IRequestStore>();

    /// <summary>A request filed by the harness's current user in the harness's conversation.</summary>
    private static async Task<ServiceRequest> FileAsync(SupportBotHarness bot, string language = "en")
    {
        var template = bot.Adapter.Template;
        var filed = await Store(bot).FileAsync(new NewRequest
        {
            SubmissionId = Guid.NewGuid().ToString("N"),
            Kind = RequestKind.ServiceRequest,
            Queue = AgentQueue.PartnerHelpdesk,
            Requester = new Requester
            {
                ChannelId = template.ChannelId!,
                UserId = template.From!.Id!,
                Name = template.From.Name,
                Role = "customer",
                Language = language,
                Conversation = template.GetConversationReference(),
            },
            Title = "Cannot open invoices",
            Severity = "moderate",
            Form = new() { ["title"] = "Cannot open invoices" },
        }, _ => []);
        return filed.Request;
    }

    [Fact]
    public async Task The_answer_to_an_agents_question_becomes_a_note_and_goes_back_to_the_thread()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        var agents = AgentSide.For(bot);
        var request = await FileAsync(bot);
        await agents.AskAsync(request.Id, "Which browser do you use?");
        Containing(Drain(bot), "Which browser do you use?");

        // Commands still work while a question waits; they are not the answer.
        Containing(await Say(bot, "help"), "What can I help you with");
        var thanks = await Say(bot, "Edge on Windows 11");

        Containing(thanks, $"Thanks, I've passed your answer on to the person working on request {request.Id}");
        var stored = (await Store(bot).GetAsync(request.Id))!;
        Assert.Equal(RequestStatus.InProgress, stored.Status);
        Assert.Equal("Edge on Windows 11", Assert.Single(stored.Notes).Text);
        var answered = Assert.Single(await agents.DeliverOutboxAsync());
        Assert.Equal(new AgentNotification(request.Id, AgentNotification.RequesterAnswered, "Edge on Windows 11", "Customer"), answered);

        // Only the next message is the answer.
        await Say(bot, "thanks");
        Assert.Single((await Store(bot).GetAsync(request.Id))!.Notes);
    }

    [Theory]
    [InlineData("zh-CN", "zh-Hans", "已将您的回答转给处理请求")]
    [InlineData("ja-JP", "ja", "回答を要求")]
    public async Task The_answer_is_acknowledged_in_the_requesters_language(string locale, string language, string expected)
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer(locale);
        var agents = AgentSide.For(bot);
        var request = await FileAsync(bot, language);
        await agents.AskAsync(request.Id, "Which browser?");
        Drain(bot);

        Containing(await Say(bot, "Edge"), expected);
    }

    [Fact]
    public async Task Confirming_a_resolved_request_closes_it_and_the_rating_is_stored()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        var agents = AgentSide.For(bot);
        var request = await FileAsync(bot);
        await agents.ResolveAsync(request.Id);

        var replies = await Say(bot, Button("confirmSolved", request.Id));

        Containing(replies, $"Request {request.Id} is now closed");
        var rating = Containing(replies, "how satisfied are you");
        Assert.Equal(RequestStatus.Closed, (await Store(bot).GetAsync(request.Id))!.Status);
        Containing(await Say(bot, ReplyReading.Submit(rating.Button("5 · Very satisfied"))), "Thank you for rating");
        var stored = (await Store(bot).GetAsync(request.Id))!;
        Assert.Equal(5, stored.Satisfaction);
        Assert.Equal(
            [AgentNotification.ConfirmedSolved, AgentNotification.Rated],
            (await agents.DeliverOutboxAsync()).Select(n => n.Event));

        // Pressed again on the old message: nothing moves, the person is told.
        Containing(await Say(bot, Button("confirmSolved", request.Id)), "is already closed");
    }

    [Fact]
    public async Task Reopening_a_resolved_request_puts_it_back_in_progress_and_tells_the_agents()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer("ja-JP");
        var agents = AgentSide.For(bot);
        var request = await FileAsync(bot, "ja");
        await agents.ResolveAsync(request.Id);

        Containing(await Say(bot, Button("reopen", request.Id)), $"要求 {request.Id} を再オープンし");

        Assert.Equal(RequestStatus.InProgress, (await Store(bot).GetAsync(request.Id))!.Status);
        Assert.Equal(AgentNotification.Reopened, Assert.Single(await agents.DeliverOutboxAsync()).Event);
        Containing(await Say(bot, Button("reopen", request.Id)), "まだ解決されていない");
        Containing(await Say(bot, Button("rate:4", request.Id)), "解決後に評価できます");
        Assert.Null((await Store(bot).GetAsync(request.Id))!.Satisfaction);
    }

    [Fact]
    public async Task The_details_of_a_resolved_request_offer_confirm_and_reopen_and_then_a_rating()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer("zh-CN");
        var request = await FileAsync(bot, "zh-Hans");
        await AgentSide.For(bot).ResolveAsync(request.Id);

        var details = Containing(await Say(bot, request.Id), "已解决");
        Assert.Contains("未解决：重新打开", details.Visible());
        var replies = await Say(bot, ReplyReading.Submit(details.Button("是的，已解决")));
        Containing(replies, $"请求 {request.Id} 现已关闭");
        Containing(await Say(bot, ReplyReading.Submit(Containing(replies, "满意吗").Button("2 · 不满意"))), "感谢您对请求");
        Assert.Equal(2, (await Store(bot).GetAsync(request.Id))!.Satisfaction);
        Assert.DoesNotContain("评价", Containing(await Say(bot, request.Id), "已关闭").Visible().Split('\n').Where(line => line == "评价"));
    }

    [Fact]
    public async Task Someone_else_cannot_close_or_rate_a_request()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        var request = await FileAsync(bot);
        await AgentSide.For(bot).ResolveAsync(request.Id);

        bot.AsWebChatCustomer(userId: "dl_someone-else");
        Containing(await Say(bot, Button("confirmSolved", request.Id)), $"I can't find a request {request.Id} of yours");
        Assert.Equal(RequestStatus.Resolved, (await Store(bot).GetAsync(request.Id))!.Status);
    }

    [Fact]
    public async Task A_live_chat_relays_both_ways_until_the_agent_ends_it()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        var agents = AgentSide.For(bot);
        var requesterConversation = bot.Adapter.Template.Conversation!.Id;

        Containing(await Say(bot, "talk to a person"), "I've asked a person at your partner's helpdesk to join this chat");
        var request = Assert.Single(await Store(bot).ListByRequesterAsync(Channels.WebChat, "dl_customer-1"));
        Assert.Equal((RequestKind.ServiceRequest, AgentQueue.PartnerHelpdesk), (request.Kind, request.Queue));
        Assert.NotNull(request.LiveChat);
        Assert.Equal(AgentNotification.Created, Assert.Single(await agents.DeliverOutboxAsync()).Event);

        // Until someone joins, the bot still answers, and asking again does not file twice.
        Containing(await Say(bot, "talk to a person"), $"I've already asked a person to join (request {request.Id})");
        Containing(await Say(bot, "my requests"), request.Id);

        var thread = AgentSide.Thread(bot.Adapter.Template.ServiceUrl!);
        await agents.TakeAsync(request.Id, thread);
        await agents.DeliverOutboxAsync();
        Containing(Drain(bot), "Alex Chen from your partner's helpdesk has joined the chat");

        Assert.Empty(await Say(bot, "The invoice PDF is blank"));
        Assert.Equal(new AgentNotification(request.Id, AgentNotification.RelayMessage, "The invoice PDF is blank", "Customer"), Assert.Single(await agents.DeliverOutboxAsync()));

        Assert.Empty(await Say(bot, AgentSide.ThreadMessage(thread, "Which browser?")));
        await agents.DeliverOutboxAsync();
        var relayed = Assert.Single(Drain(bot));
        Assert.Equal("Alex Chen: Which browser?", relayed.Text);
        Assert.Equal(requesterConversation, relayed.Conversation!.Id);

        Assert.Empty(await Say(bot, AgentSide.ThreadMessage(thread, "end")));
        Assert.Equal(AgentNotification.RelayEnded, Assert.Single(await agents.DeliverOutboxAsync()).Event);
        Containing(Drain(bot), "Alex Chen has left the chat; you're back with SupportBot");
        Assert.Equal(AgentSide.AgentName, (await Store(bot).GetAsync(request.Id))!.LiveChat!.EndedBy);

        // Back with the bot: nothing is relayed any more, on either side.
        // A greeting after the welcome gets the short answer (issue 16 item 5).
        Containing(await Say(bot, "hello"), "Hello again");
        Containing(await Say(bot, AgentSide.ThreadMessage(thread, "Are you there?")), "This live chat has ended");
        Assert.Empty(await agents.DeliverOutboxAsync());
    }

    [Theory]
    [InlineData("en-US", "end chat", "has left the chat")]
    [InlineData("zh-CN", "结束对话", "已离开对话")]
    [InlineData("ja-JP", "チャットを終了", "チャットから退出しました")]
    public async Task The_requester_ends_the_chat_in_their_language(string locale, string endChat, string left)
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer(locale);
        var agents = AgentSide.For(bot);
        await Say(bot, "talk to a person");
        var request = Assert.Single(await Store(bot).ListByRequesterAsync(Channels.WebChat, "dl_customer-1"));
        var thread = AgentSide.Thread(bot.Adapter.Template.ServiceUrl!);
        await agents.TakeAsync(request.Id, thread);
        await agents.DeliverOutboxAsync();
        Drain(bot);

        Assert.Empty(await Say(bot, endChat));

        var notification = Assert.Single(await agents.DeliverOutboxAsync());
        Assert.Equal((AgentNotification.RelayEnded, "Customer"), (notification.Event, notification.By));
        Containing(Drain(bot), left);
        Containing(await Say(bot, AgentSide.ThreadMessage(thread, "Hello?")), "This live chat has ended");
    }

    [Fact]
    public async Task The_agent_can_end_the_chat_with_a_button_in_the_thread()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        var agents = AgentSide.For(bot);
        await Say(bot, "talk to a person");
        var request = Assert.Single(await Store(bot).ListByRequesterAsync(Channels.WebChat, "dl_customer-1"));
        var thread = AgentSide.Thread(bot.Adapter.Template.ServiceUrl!);
        await agents.TakeAsync(request.Id, thread);
        await agents.DeliverOutboxAsync();
        Drain(bot);

        var button = AgentSide.ThreadMessage(thread, "");
        button.Text = null;
        button.Entities = null;
        button.Value = JsonSerializer.SerializeToElement(new { topic = "request", value = "endChat", request = request.Id });
        Assert.Empty(await Say(bot, button));

        Assert.Equal(AgentNotification.RelayEnded, Assert.Single(await agents.DeliverOutboxAsync()).Event);
        Containing(Drain(bot), "Alex Chen has left the chat");
        Assert.False((await Store(bot).GetAsync(request.Id))!.IsRelaying);
    }

    [Fact]
    public async Task A_partner_asks_21Vianets_desk_and_can_stop_waiting()
    {
        await using var bot = SupportBotHarness.Start().AsTeamsPartner();
        var agents = AgentSide.For(bot);

        Containing(await Say(bot, "talk to a person"), "I've asked a person at 21Vianet's support desk to join");
        var request = Assert.Single(await Store(bot).ListByRequesterAsync(Channels.MsTeams, "29:partner-1"));
        Assert.Equal((RequestKind.PartnerCenterRequest, AgentQueue.VianetDesk), (request.Kind, request.Queue));

        // Nobody has taken it yet: an agent writing in the thread is told to take it first.
        var thread = AgentSide.Thread(bot.Adapter.Template.ServiceUrl!);
        await Store(bot).UpdateAsync(request.Id, current => current with { AgentThread = thread });
        Containing(await Say(bot, AgentSide.ThreadMessage(thread, "Hi")), "take the request on its card first");

        Containing(await Say(bot, "end chat"), $"I've stopped looking for a person. Request {request.Id} stays open");
        Assert.Equal(
            [AgentNotification.Created, AgentNotification.RelayEnded],
            (await agents.DeliverOutboxAsync()).Select(n => n.Event));
        Containing(await Say(bot, "end chat"), "You're not chatting with a person right now");
    }

    [Fact]
    public async Task The_relay_survives_a_restart()
    {
        var database = Path.Combine(Path.GetTempPath(), $"relay-restart-{Guid.NewGuid():N}.db");
        ConversationReference thread;
        await using (var before = SupportBotHarness.Start(database).AsWebChatCustomer())
        {
            await Say(before, "talk to a person");
            var request = Assert.Single(await Store(before).ListByRequesterAsync(Channels.WebChat, "dl_customer-1"));
            thread = AgentSide.Thread(before.Adapter.Template.ServiceUrl!);
            await AgentSide.For(before).TakeAsync(request.Id, thread);
            await AgentSide.For(before).DeliverOutboxAsync();
        }

        await using var after = SupportBotHarness.Start(database).AsWebChatCustomer();
        Assert.Empty(await Say(after, "Still there?"));
        Assert.Equal("Still there?", Assert.Single(await AgentSide.For(after).DeliverOutboxAsync()).Text);
        await Say(after, AgentSide.ThreadMessage(thread, "Yes"));
        await AgentSide.For(after).DeliverOutboxAsync();
        Assert.Equal("Alex Chen: Yes", Assert.Single(Drain(after)).Text);
    }
}
