using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Playground;

/// <summary>
/// The bot works with a real client (issue 2 point 10): the real app on Kestrel (127.0.0.1, dynamic port) and the
/// Microsoft 365 Agents Playground in front of it. A user message goes in through the Playground, the bot's reply
/// must come back to the Playground through its mocked Connector.
/// </summary>
public sealed class PlaygroundTests : IAsyncLifetime
{
    private BotAppFactory _bot = null!;
    private Uri _botEndpoint = null!;

    public Task InitializeAsync()
    {
        _bot = new BotAppFactory();
        _bot.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _bot.StartServer();
        var address = _bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _botEndpoint = new Uri(new Uri(address), "/api/messages");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        File.Delete(_bot.DatabasePath);
    }

    [Theory]
    [InlineData("msteams")]
    [InlineData("webchat")]
    public async Task A_message_sent_in_the_Playground_gets_the_bots_reply(string channelId)
    {
        await using var playground = await AgentsPlayground.StartAsync(_botEndpoint, channelId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var settings = await playground.Http.GetFromJsonAsync<JsonElement>("_internal/v1/config", timeout.Token);
        Assert.Equal(channelId, settings.GetProperty("internalConfig").GetProperty("channelId").GetString());
        var config = settings.GetProperty("config");
        var conversationId = config.GetProperty("personalChat").GetProperty("id").GetString()!;
        var userId = config.GetProperty("currentUser").GetProperty("id").GetString()!;
        var botId = config.GetProperty("bot").GetProperty("id").GetString()!;

        using var stream = await playground.OpenConversationStreamAsync(timeout.Token);
        var sent = await playground.SendUserMessageAsync(conversationId, userId, "hello", timeout.Token);
        Assert.True(sent.IsSuccessStatusCode, $"The Playground refused the message: {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync()}");

        JsonElement reply;
        try
        {
            reply = await AgentsPlayground.ReceiveBotMessageAsync(stream, conversationId, botId, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The bot did not answer through the Playground within 60 s.\n{playground.Output}");
            return;
        }

        var text = reply.TryGetProperty("text", out var value) ? value.GetString() : null;
        var attachments = reply.TryGetProperty("attachments", out var list) ? list.GetArrayLength() : 0;
        Assert.True(!string.IsNullOrWhiteSpace(text) || attachments > 0, $"The bot's reply is empty: {reply}");
    }
}
