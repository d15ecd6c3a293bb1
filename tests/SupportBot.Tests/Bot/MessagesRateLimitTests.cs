using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot;

/// <summary>Issue 11 finding 9: /api/messages has a per-conversation rate limit (429 + Retry-After), configurable.</summary>
public sealed class MessagesRateLimitTests
{
    [Fact]
    public async Task Posting_faster_than_the_conversation_limit_gets_429_with_Retry_After_and_others_go_on()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var app = new BotAppFactory(new Dictionary<string, string?>
        {
            ["BotHost:RateLimits:ActivitiesPerConversationBurst"] = "3",
            ["BotHost:RateLimits:ActivitiesPerConversationPerMinute"] = "1",
        });
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            var message = Activities.WebChatMessage($"hello {i}", connector.ServiceUrl, conversationId: "busy-conversation");
            message.Id = $"m{i}";
            last = await client.PostAsJsonAsync("/api/messages", message, ProtocolJson.Options);
            statuses.Add(last.StatusCode);
        }
        var other = await client.PostAsJsonAsync("/api/messages", Activities.WebChatMessage("hello", connector.ServiceUrl, conversationId: "quiet-conversation"), ProtocolJson.Options);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.InRange(int.Parse(last.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("TooManyRequests", (await last.Content.ReadFromJsonAsync<ErrorResponse>(ProtocolJson.Options))!.Error!.Code);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_default_limit_lets_a_person_type_at_a_normal_pace()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var app = new BotAppFactory();
        using var client = app.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            var message = Activities.WebChatMessage($"hello {i}", connector.ServiceUrl, conversationId: "chatty");
            message.Id = $"m{i}";
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/messages", message, ProtocolJson.Options)).StatusCode);
        }
    }
}
