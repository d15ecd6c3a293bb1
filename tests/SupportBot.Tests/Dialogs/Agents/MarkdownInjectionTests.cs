using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Agents;

/// <summary>
/// Issue 11, finding 4: words a user chose (a display name, a message) reach agents and requesters as text, never as
/// markdown: messages say <c>textFormat: plain</c>, card TextBlocks and facts carry them escaped (Cards/UserText).
/// </summary>
public sealed class MarkdownInjectionTests : AgentDeskTest
{
    private const string EvilName = "[Reset your password](http://evil.example/login)";
    private const string EvilAgent = "**Agent** [help](http://evil.example/agent)";

    private Task CustomerSaysAsync(string text)
    {
        var message = Activities.WebChatMessage(text, Connector.ServiceUrl, conversationId: AgentDesk.CustomerConversation);
        message.From!.Name = EvilName;
        return Desk.PostAsync(message);
    }

    [Fact]
    public async Task A_display_name_or_message_with_markdown_reaches_the_agents_thread_and_the_requester_as_plain_text()
    {
        await CustomerSaysAsync("talk to a person");
        var filed = Assert.Single(await Desk.Store.ListByRequesterAsync(Channels.WebChat, "dl_webchat-user"));
        var request = await Desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        var thread = request.AgentThread!.Conversation!.Id!;

        // An agent writes before taking the chat: the bot's answer in the thread names the requester.
        var early = AgentDesk.Mentioning(Desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, thread), "hello?", "en-US");
        await Desk.PostAsync(early);
        var notTaken = await AgentDesk.WaitForAsync(() => Desk.MessagesIn(thread).LastOrDefault(m => m.Text?.Contains(EvilName) == true));
        Assert.Equal(TextFormatTypes.Plain, notTaken.TextFormat);

        var take = Desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, thread);
        take.From!.Name = EvilAgent;
        take.Type = ActivityTypes.Message;
        take.ReplyToId = request.AgentCardActivityId;
        take.Value = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["requestId"] = request.Id, ["agentAction"] = "take" });
        await Desk.PostAsync(take);
        await AgentDesk.WaitForAsync(() => Desk.CustomerMessages().LastOrDefault(m => m.Text?.Contains(EvilAgent) == true));

        await CustomerSaysAsync("see [this](http://evil.example/x) **now**");
        await AgentDesk.WaitForAsync(() => Desk.MessagesIn(thread).LastOrDefault(m => m.Text?.Contains("evil.example/x") == true));
        await CustomerSaysAsync("end chat");
        await Desk.WaitForOutboxDrainedAsync();

        var texts = Desk.MessagesIn(thread).Concat(Desk.CustomerMessages()).Where(m => !string.IsNullOrEmpty(m.Text)).ToList();
        Assert.NotEmpty(texts);
        Assert.All(texts, m => Assert.True(m.TextFormat == TextFormatTypes.Plain, $"Not plain text: {m.Text}"));

        // Every card that went anywhere (thread posts, updates, the requester's cards) carries the words escaped.
        var cards = Connector.Calls.Select(c => c.Body).Where(b => b.Contains(ContentTypes.AdaptiveCard)).ToList();
        Assert.NotEmpty(cards);
        foreach (var card in cards)
            foreach (var text in MarkdownTexts(JsonNode.Parse(card)!))
            {
                Assert.DoesNotContain("[Reset your password](", text);
                Assert.DoesNotContain("**Agent**", text);
                Assert.DoesNotContain("[help](", text);
            }
    }

    [Fact]
    public async Task A_request_id_of_the_callers_choosing_is_echoed_as_plain_text()
    {
        var request = await Desk.FileDirectlyAsync("echo-1");
        request = await Desk.WaitForRequestAsync(request.Id, r => r.AgentCardActivityId is not null);
        var submit = Desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, request.AgentThread!.Conversation!.Id!);
        submit.Value = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["requestId"] = EvilName, ["agentAction"] = "take" });

        await Desk.PostAsync(submit);

        var echoed = await AgentDesk.WaitForAsync(() => Desk.MessagesIn(request.AgentThread!.Conversation!.Id!).LastOrDefault(m => m.Text?.Contains(EvilName) == true));
        Assert.Equal(TextFormatTypes.Plain, echoed.TextFormat);
    }

    /// <summary>The texts of a card (anywhere in a posted activity) that a renderer reads as markdown: TextBlocks and facts.</summary>
    private static IEnumerable<string> MarkdownTexts(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var type = obj["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
                if (type == "TextBlock" && obj["text"]?.GetValue<string>() is { } text) yield return text;
                if (type == "FactSet" && obj["facts"] is JsonArray facts)
                    foreach (var fact in facts.OfType<JsonObject>())
                    {
                        if (fact["title"]?.GetValue<string>() is { } title) yield return title;
                        if (fact["value"]?.GetValue<string>() is { } value) yield return value;
                    }
                foreach (var (_, child) in obj)
                    if (child is not null)
                        foreach (var inner in MarkdownTexts(child)) yield return inner;
                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                    foreach (var inner in MarkdownTexts(child)) yield return inner;
                break;
        }
    }
}
