using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Tests.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Playground;

/// <summary>
/// The bot works with a real client (issue 2 point 10): the real app on Kestrel (127.0.0.1, dynamic port) and the
/// Microsoft 365 Agents Playground in front of it. A user message goes in through the Playground, the bot's reply
/// must come back to the Playground through its mocked Connector.
/// </summary>
public sealed class PlaygroundTests : PlaygroundBot
{
    [Theory]
    [InlineData("msteams")]
    [InlineData("webchat")]
    public async Task A_message_sent_in_the_Playground_gets_the_bots_reply(string channelId)
    {
        await using var playground = await AgentsPlayground.StartAsync(BotEndpoint, channelId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var settings = await playground.Http.GetFromJsonAsync<JsonElement>("_internal/v1/config", timeout.Token);
        Assert.Equal(channelId, settings.GetProperty("internalConfig").GetProperty("channelId").GetString());
        var config = settings.GetProperty("config");
        var conversationId = config.GetProperty("personalChat").GetProperty("id").GetString()!;
        var userId = config.GetProperty("currentUser").GetProperty("id").GetString()!;
        var botId = config.GetProperty("bot").GetProperty("id").GetString()!;

        using var log = await playground.OpenLogStreamAsync(timeout.Token);
        var sent = await playground.SendUserMessageAsync(conversationId, userId, "hello", timeout.Token);
        Assert.True(sent.IsSuccessStatusCode, $"The Playground refused the message: {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync()}");

        JsonElement inbound, reply;
        try
        {
            (inbound, reply) = await AgentsPlayground.WaitForReplyAsync(log, "hello", timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The bot did not answer through the Playground within 60 s.\n{playground.Output}");
            return;
        }

        // What the client sent is a channel-shaped activity our schema reads and writes back whole.
        Assert.Equal(channelId, inbound.GetProperty("channelId").GetString());
        Assert.Null(JsonTree.FirstDifference(JsonNode.Parse(inbound.GetRawText()), JsonNode.Parse(ProtocolJson.Serialize(ProtocolJson.Deserialize<Activity>(inbound.GetRawText())))));

        // The answer went back to the same conversation, from the bot, threaded to the user's message.
        Assert.Equal(botId, reply.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal(conversationId, reply.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal(userId, reply.GetProperty("recipient").GetProperty("id").GetString());
        var text = reply.TryGetProperty("text", out var value) ? value.GetString() : null;
        var attachments = reply.TryGetProperty("attachments", out var list) ? list.GetArrayLength() : 0;
        Assert.True(!string.IsNullOrWhiteSpace(text) || attachments > 0, $"The bot's reply is empty: {reply}");
    }
}
