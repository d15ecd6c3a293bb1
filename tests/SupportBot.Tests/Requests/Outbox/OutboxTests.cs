using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SupportBot.Requests;
using SupportBot.Tests.Dialogs.Agents;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Requests.Outbox;

/// <summary>The durable outbox against a failing channel: retries, Retry-After, restarts, permanent failures on /healthz, a queue without a channel.</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task With_the_channel_answering_503_for_a_while_every_notification_arrives_exactly_once_after_recovery()
    {
        await using var desk = AgentDesk.Start(_connector);
        _connector.FailNext(503, times: 8);

        var requests = new List<ServiceRequest>();
        for (var i = 0; i < 3; i++) requests.Add(await desk.FileDirectlyAsync($"flaky-{i}", requesterUpdates: RequesterUpdate.Acknowledged));

        await desk.WaitForOutboxDrainedAsync();
        Assert.Equal(8, _connector.FailuresAnswered);
        Assert.Equal(3, desk.ChannelPosts().Count);
        foreach (var request in requests)
        {
            var stored = (await desk.Store.GetAsync(request.Id))!;
            Assert.Single(desk.ChannelPosts(), post => post.Parameters!.Activity!.Visible().Contains(request.Id));
            Assert.Equal(stored.AgentCardActivityId, stored.AgentThread!.Conversation!.Id!.Split(";messageid=")[1]);
            Assert.Single(desk.CustomerMessages(), message => message.Text!.Contains(request.Id));
        }
        var health = await desk.HealthAsync();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(0, health.GetProperty("outbox").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task A_429_is_retried_no_sooner_than_its_Retry_After()
    {
        await using var desk = AgentDesk.Start(_connector);
        _connector.FailNext(429, times: 1, retryAfterSeconds: 1);
        var clock = Stopwatch.StartNew();

        var request = await desk.FileDirectlyAsync("throttled-1");

        await desk.WaitForRequestAsync(request.Id, r => r.AgentThread is not null);
        Assert.Equal(1, _connector.FailuresAnswered);
        // The worker's own backoff here is 50–200 ms; only the Retry-After can make it wait a second.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"retried after {clock.Elapsed}");
        Assert.Single(desk.ChannelPosts());
    }

    [Fact]
    public async Task A_bot_killed_while_the_channel_is_down_sends_everything_once_after_a_restart()
    {
        var database = Path.Combine(Path.GetTempPath(), $"supportbot-outbox-{Guid.NewGuid():N}.db");
        var filed = new List<ServiceRequest>();
        await using (var first = AgentDesk.Start(_connector, database))
        {
            _connector.FailNext(503, times: 100_000);
            for (var i = 0; i < 3; i++) filed.Add(await first.FileDirectlyAsync($"restart-{i}", requesterUpdates: RequesterUpdate.Acknowledged));
            await AgentDesk.WaitForAsync(() => _connector.FailuresAnswered >= 6 ? "tried" : null);
            Assert.Empty(first.ChannelPosts());
        }
        // Killed; the channel recovers while the bot is down.
        _connector.ClearFailures();
        var triedBefore = _connector.FailuresAnswered;

        await using var restarted = AgentDesk.Start(_connector, database);
        await restarted.WaitForOutboxDrainedAsync();

        Assert.Equal(triedBefore, _connector.FailuresAnswered);
        Assert.Equal(3, restarted.ChannelPosts().Count);
        Assert.Equal(3, restarted.CustomerMessages().Count);
        foreach (var request in filed)
        {
            Assert.NotNull((await restarted.Store.GetAsync(request.Id))!.AgentThread);
            Assert.Single(restarted.CustomerMessages(), message => message.Text!.Contains(request.Id));
        }
    }

    [Fact]
    public async Task A_403_is_marked_failed_logged_and_shown_on_healthz_and_the_rest_still_goes_out()
    {
        await using var desk = AgentDesk.Start(_connector);
        _connector.FailNext(403, times: 1, body: JsonSerializer.Serialize(new { error = new { code = "BotNotInConversationRoster", message = "The bot is not part of the conversation roster." } }));

        var blocked = await desk.FileDirectlyAsync("forbidden-1");
        var fine = await desk.FileDirectlyAsync("fine-1");

        await desk.WaitForOutboxDrainedAsync();
        var failed = Assert.Single(await desk.Store.FailedOutboxAsync());
        Assert.Equal((OutboxKinds.AgentNotification, blocked.Id, 1), (failed.Kind, failed.RequestId, failed.Attempts));
        Assert.Contains("BotNotInConversationRoster", failed.LastError);
        Assert.Null((await desk.Store.GetAsync(blocked.Id))!.AgentThread);
        Assert.NotNull((await desk.Store.GetAsync(fine.Id))!.AgentThread);

        var response = await desk.Client.GetAsync("/healthz");
        Assert.Equal(200, (int)response.StatusCode);
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("outbox").GetProperty("failed").GetInt32());
        Assert.Equal(0, health.GetProperty("outbox").GetProperty("pending").GetInt32());
    }

    [Theory]
    [InlineData(404, "ConversationNotFound")]
    [InlineData(400, "BadArgument")]
    [InlineData(413, "MessageSizeTooBig")]
    public async Task Other_answers_that_retrying_cannot_fix_fail_at_once(int status, string code)
    {
        await using var desk = AgentDesk.Start(_connector);
        _connector.FailNext(status, times: 1, body: JsonSerializer.Serialize(new { error = new { code, message = "scripted" } }));

        var request = await desk.FileDirectlyAsync($"permanent-{status}");

        await desk.WaitForOutboxDrainedAsync();
        var failed = Assert.Single(await desk.Store.FailedOutboxAsync());
        Assert.Equal((request.Id, 1), (failed.RequestId, failed.Attempts));
        Assert.Contains(code, failed.LastError);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(412)]
    public async Task Server_faults_are_retried_until_the_message_goes_out(int status)
    {
        await using var desk = AgentDesk.Start(_connector);
        _connector.FailNext(status, times: 2);

        var request = await desk.FileDirectlyAsync($"transient-{status}");

        await desk.WaitForOutboxDrainedAsync();
        Assert.Empty(await desk.Store.FailedOutboxAsync());
        Assert.Equal(2, _connector.FailuresAnswered);
        Assert.NotNull((await desk.Store.GetAsync(request.Id))!.AgentThread);
        Assert.Single(desk.ChannelPosts());
    }

    [Fact]
    public async Task A_request_for_a_queue_without_a_channel_waits_quietly_and_goes_out_once_a_channel_is_captured()
    {
        await using var desk = AgentDesk.Start(_connector, configureVianetDesk: false,
            settings: new Dictionary<string, string?> { ["Outbox:WaitingRecheckInterval"] = "00:00:00.100" });

        var request = await desk.FileDirectlyAsync("no-channel-1", AgentQueue.VianetDesk);

        // Looked at again several times (every 100 ms), yet pending, not failed, and said once per message, without a stack trace.
        await AgentDesk.WaitForAsync(() => desk.App.Log.Lines.FirstOrDefault(e => e.Message.Contains("waits")));
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        var counts = await desk.Store.CountOutboxAsync();
        Assert.Equal((1, 0), (counts.Pending, counts.Failed));
        var log = desk.App.Log.Lines;
        Assert.DoesNotContain(log, e => e.Level >= LogLevel.Error || e.Exception is not null);
        var waits = Assert.Single(log, e => e.Message.Contains("waits"));
        Assert.Contains("Support:Queues:VianetDesk", waits.Message);
        // Reported once at start, naming the queue; the configured one is not named.
        var startup = Assert.Single(log, e => e.Level == LogLevel.Warning && e.Category.EndsWith("QueueConfigurationReport"));
        Assert.Contains("The VianetDesk queue has no channel", startup.Message);
        Assert.Empty(desk.ChannelPosts());

        var ready = await desk.Client.GetAsync("/healthz/ready");
        Assert.Equal(200, (int)ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("degraded", report.GetProperty("status").GetString());
        var queues = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "agent-queues");
        Assert.Equal("degraded", queues.GetProperty("status").GetString());
        Assert.Contains("VianetDesk", queues.GetProperty("description").GetString());
        Assert.DoesNotContain("PartnerHelpdesk", queues.GetProperty("description").GetString());

        // An agent says "use this channel for the 21Vianet desk" in a team channel: the waiting card goes out there.
        const string capturedChannel = "19:captured-vianet@thread.skype";
        await desk.PostAsync(AgentDesk.Mentioning(desk.TeamsChannelActivity(AgentDesk.ListedAgent, "19:captured-team@thread.skype",
            $"{capturedChannel};messageid=7", capturedChannel), "Use this channel for the 21Vianet desk.", "en-US"));

        await desk.WaitForRequestAsync(request.Id, r => r.AgentThread is not null);
        await desk.WaitForOutboxDrainedAsync();
        var post = Assert.Single(desk.ChannelPosts());
        Assert.Equal(capturedChannel, post.Parameters!.ChannelData!.Value.GetProperty("channel").GetProperty("id").GetString());
        Assert.Contains(request.Id, post.Parameters.Activity!.Visible());
        Assert.Empty(await desk.Store.FailedOutboxAsync());
        report = await desk.Client.GetFromJsonAsync<JsonElement>("/healthz/ready");
        Assert.Equal("healthy", report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "agent-queues").GetProperty("status").GetString());
    }
}
