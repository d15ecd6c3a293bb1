using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>
/// The live chat over HTTP: POST /api/messages in, Connector calls out to a fake connector on 127.0.0.1 —
/// the handoff.initiate event (when configured), handoff.status, and the relay both ways.
/// </summary>
public sealed class RelayEndpointTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    // The outbox is delivered by AgentSide in these tests, so a background worker must not send it first.
    private static BotAppFactory App(bool sendHandoffInitiate) => new(new Dictionary<string, string?>
    {
        ["Handoff:SendHandoffInitiate"] = sendHandoffInitiate ? "true" : "false",
        ["Outbox:Enabled"] = "false",
    });

    private async Task PostAsync(HttpClient client, Activity activity)
    {
        var response = await client.PostAsJsonAsync("/api/messages", activity, ProtocolJson.Options);
        Assert.True(response.IsSuccessStatusCode, $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private Activity WebChat(string text) => Activities.WebChatMessage(text, _connector.ServiceUrl);

    private IReadOnlyList<Activity> Events => _connector.Calls.Select(c => c.Activity).OfType<Activity>().Where(a => a.IsType(ActivityTypes.Event)).ToList();

    [Fact]
    public async Task Starting_a_live_chat_sends_handoff_initiate_with_the_transcript_and_context()
    {
        await using var app = App(sendHandoffInitiate: true);
        var client = app.CreateClient();
        await PostAsync(client, WebChat("hello"));
        await _connector.WaitForMessagesAsync(1);

        await PostAsync(client, WebChat("talk to a person"));
        await _connector.WaitForMessagesAsync(2);

        var request = Assert.Single(await app.Services.GetRequiredService<IRequestStore>().ListByRequesterAsync(Channels.WebChat, "dl_webchat-user"));
        var handoff = Assert.Single(Events);
        Assert.Equal("handoff.initiate", handoff.Name);
        Assert.Equal("webchat-conv-1", handoff.Conversation!.Id);
        Assert.Equal("webchat-conv-1", handoff.RelatesTo!.Conversation!.Id);
        Assert.Equal("dl_webchat-user", handoff.RelatesTo.User!.Id);
        var context = handoff.Value!.Value;
        Assert.Equal(request.Id, context.GetProperty("requestId").GetString());
        Assert.Equal("PartnerHelpdesk", context.GetProperty("queue").GetString());
        Assert.Equal("en", context.GetProperty("language").GetString());
        Assert.Equal("customer", context.GetProperty("role").GetString());
        Assert.Equal("talk to a person", context.GetProperty("lastPhrase").GetString());

        var transcript = Assert.Single(handoff.Attachments!);
        Assert.Equal(("application/json", "Transcript"), (transcript.ContentType, transcript.Name));
        var activities = transcript.Content!.Value.GetProperty("activities").EnumerateArray().ToList();
        var said = activities.Select(a => (From: a.GetProperty("from").GetProperty("id").GetString(), Text: a.TryGetProperty("text", out var t) ? t.GetString() : null)).ToList();
        Assert.Equal(("dl_webchat-user", "hello"), said[0]);
        Assert.Contains(said, s => s.From != "dl_webchat-user" && s.Text?.Contains("I've asked a person", StringComparison.Ordinal) == true);
        Assert.Contains(("dl_webchat-user", "talk to a person"), said);
        // The welcome card is named, not copied: the transcript stays small.
        var card = activities.First(a => a.TryGetProperty("attachments", out _)).GetProperty("attachments")[0];
        Assert.Equal(ContentTypes.AdaptiveCard, card.GetProperty("contentType").GetString());
        Assert.False(card.TryGetProperty("content", out _));
    }

    [Fact]
    public async Task Without_the_option_no_handoff_event_is_sent()
    {
        await using var app = App(sendHandoffInitiate: false);
        var client = app.CreateClient();

        await PostAsync(client, WebChat("talk to a person"));
        await _connector.WaitForMessagesAsync(1);

        Assert.Contains(_connector.Messages, m => m.Text?.Contains("I've asked a person", StringComparison.Ordinal) == true);
        Assert.Empty(Events);
    }

    [Theory]
    [InlineData("failed", true)]
    [InlineData("accepted", false)]
    [InlineData("completed", false)]
    public async Task Handoff_status_is_accepted_and_a_failure_is_told_to_the_person(string state, bool told)
    {
        await using var app = App(sendHandoffInitiate: true);
        var status = WebChat("");
        status.Type = ActivityTypes.Event;
        status.Text = null;
        status.Name = "handoff.status";
        status.Value = JsonSerializer.SerializeToElement(new { state, message = "hub says so" });

        var response = await app.CreateClient().PostAsJsonAsync("/api/messages", status, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (told) Assert.Contains("couldn't reach a person", Assert.Single(await _connector.WaitForMessagesAsync(1)).Text);
        else Assert.Empty(_connector.Messages);
    }

    [Fact]
    public async Task Messages_are_relayed_both_ways_through_the_connector_until_the_agent_ends_the_chat()
    {
        await using var app = App(sendHandoffInitiate: false);
        var client = app.CreateClient();
        var agents = AgentSide.For(app);
        var store = app.Services.GetRequiredService<IRequestStore>();
        await PostAsync(client, WebChat("talk to a person"));
        var before = (await _connector.WaitForMessagesAsync(2)).Count;  // the welcome, "I've asked a person…"
        var request = Assert.Single(await store.ListByRequesterAsync(Channels.WebChat, "dl_webchat-user"));
        var thread = AgentSide.Thread(_connector.ServiceUrl);
        await agents.TakeAsync(request.Id, thread);
        await agents.DeliverOutboxAsync();
        Assert.Contains("Alex Chen from your partner's helpdesk has joined", (await _connector.WaitForMessagesAsync(before + 1))[before].Text);

        await PostAsync(client, AgentSide.ThreadMessage(thread, "Which browser do you use?"));
        await agents.DeliverOutboxAsync();
        var relayed = (await _connector.WaitForMessagesAsync(before + 2))[before + 1];
        Assert.Equal("Alex Chen: Which browser do you use?", relayed.Text);
        Assert.Equal("webchat-conv-1", _connector.Calls.Last().ConversationId);

        await PostAsync(client, WebChat("Edge"));
        Assert.Equal(new AgentNotification(request.Id, AgentNotification.RelayMessage, "Edge", "Customer"), Assert.Single(await agents.DeliverOutboxAsync()));

        await PostAsync(client, AgentSide.ThreadMessage(thread, "end"));
        Assert.Equal(AgentNotification.RelayEnded, Assert.Single(await agents.DeliverOutboxAsync()).Event);
        Assert.Contains("Alex Chen has left the chat", (await _connector.WaitForMessagesAsync(before + 3))[before + 2].Text);
        Assert.Equal(before + 3, _connector.Messages.Count);
    }
}
