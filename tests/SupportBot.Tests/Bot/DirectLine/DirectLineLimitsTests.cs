using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;

namespace SupportBot.Tests.Bot.DirectLine;

/// <summary>Rate limits, the bounded log, idle eviction and what survives a restart.</summary>
public sealed class DirectLineLimitsTests
{
    [Fact]
    public async Task Posting_faster_than_the_conversation_limit_gets_429_with_Retry_After()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Embedded:RateLimits:ActivitiesPerConversationBurst"] = "3",
            ["DirectLine:Embedded:RateLimits:ActivitiesPerConversationPerMinute"] = "1",
        });
        var conversation = await host.StartConversationAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = (await host.PostMessageAsync(conversation, $"message {i}")).Response;
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
        var retryAfter = int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        // Another conversation is not slowed down by this one.
        var other = await host.StartConversationAsync(userId: "dl_other");
        Assert.Equal(HttpStatusCode.OK, (await host.PostMessageAsync(other, "hello")).Response.StatusCode);
    }

    [Fact]
    public async Task Too_many_new_conversations_from_one_address_get_429()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Embedded:RateLimits:NewConversationsPerAddressBurst"] = "2",
            ["DirectLine:Embedded:RateLimits:NewConversationsPerAddressPerMinute"] = "1",
        });

        await host.GenerateTokenAsync();
        await host.GenerateTokenAsync();
        var third = await host.Http.PostAsync("v3/directline/tokens/generate", null);
        var page = await host.Http.PostAsync("api/directline/token", null);

        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Equal((HttpStatusCode)429, page.StatusCode);
        Assert.True(third.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Any_request_beyond_the_per_address_limit_gets_429()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Embedded:RateLimits:RequestsPerAddressBurst"] = "5",
            ["DirectLine:Embedded:RateLimits:RequestsPerAddressPerSecond"] = "1",
        });
        var token = await host.GenerateTokenAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add((await host.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{token.ConversationId}/activities?watermark=", token.Token)).StatusCode);

        Assert.Contains((HttpStatusCode)429, statuses);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
    }

    [Fact]
    public async Task The_log_keeps_only_the_last_activities()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Embedded:MaxActivitiesPerConversation"] = "4",
        });
        var conversation = await host.StartConversationAsync();
        for (var i = 0; i < 3; i++) await host.PostMessageAsync(conversation, $"message {i}");

        var set = await host.PollAsync(conversation);

        // welcome + 3 × (echo, reply) = 7 activities; the first 3 fell off.
        Assert.Equal(4, set.Activities.Count);
        Assert.Equal("7", set.Watermark);
        Assert.Equal("message 1", set.Activities[0].Text);
    }

    [Fact]
    public async Task An_idle_conversation_leaves_memory_but_its_history_comes_back_from_storage()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        await host.PostMessageAsync(conversation, "hello");
        var store = host.Services.GetRequiredService<DirectLineConversationStore>();

        host.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, store.EvictIdle());
        Assert.Equal(0, store.LiveCount);
        host.Clock.Advance(TimeSpan.FromMinutes(-30)); // the token is still valid

        var set = await host.PollAsync(conversation);
        Assert.Equal(3, set.Activities.Count);
        Assert.Equal(1, store.LiveCount);
    }

    [Fact]
    public async Task After_a_restart_the_token_still_works_and_a_stored_reference_still_delivers()
    {
        var clock = new ManualClock();
        DirectLineConversationInfo conversation;
        ConversationReference reference;
        string databasePath;
        await using (var before = await DirectLineHost.StartAsync(clock: clock))
        {
            conversation = await before.StartConversationAsync();
            await before.PostMessageAsync(conversation, "hello");
            reference = (await before.PollAsync(conversation)).Activities.Single(a => a.Text == "hello").GetConversationReference();
            databasePath = before.DatabasePath;
        }

        await using var after = await DirectLineHost.StartAsync(databasePath: databasePath, clock: clock);
        // The serviceUrl in the stored reference named the old port; the embedded connector recognises it by path.
        var adapter = after.Services.GetRequiredService<BotAdapter>();
        await adapter.ContinueConversationAsync(reference, (turn, ct) => turn.SendActivityAsync("Your request was updated.", ct), CancellationToken.None);

        var set = await after.PollAsync(conversation);
        Assert.Equal(4, set.Activities.Count); // welcome, hello, reply: loaded from storage; then the proactive one
        Assert.Equal("Your request was updated.", set.Activities[^1].Text);
        Assert.Equal("4", set.Watermark);
        var reconnect = await after.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversation.ConversationId}?watermark=3", conversation.Token);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
    }

    [Fact]
    public async Task A_conversation_nobody_started_cannot_be_reconnected()
    {
        await using var host = await DirectLineHost.StartAsync();
        var token = await host.GenerateTokenAsync();

        var response = await host.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{token.ConversationId}?watermark=", token.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_server_caller_with_the_endpoint_secret_starts_conversations_directly()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:Embedded:Secret"] = "local-secret-for-tests" });
        using var server = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        server.DefaultRequestHeaders.Authorization = new("Bearer", "local-secret-for-tests");

        var generated = await server.PostAsync("v3/directline/tokens/generate", null);
        var started = await server.PostAsJsonAsync("v3/directline/conversations", new { user = new { id = "dl_server" } });
        server.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-secret");
        server.DefaultRequestHeaders.Add("Origin", "https://elsewhere.example");
        var wrong = await server.PostAsync("v3/directline/tokens/generate", null);

        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var info = (await started.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options))!;
        Assert.Single((await host.PollAsync(info)).Activities); // the welcome
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task An_idle_socket_gets_empty_keep_alive_frames()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:Embedded:KeepAliveInterval"] = "00:00:00.1" });
        var conversation = await host.StartConversationAsync();
        await using var stream = await host.OpenStreamAsync(conversation.StreamUrl!);

        var backlog = await stream.ReceiveFrameAsync();
        var keepAlive = await stream.ReceiveFrameAsync();

        Assert.Contains("\"watermark\":\"1\"", backlog);
        Assert.Equal("", keepAlive);
    }

    [Fact]
    public void Only_serviceUrls_of_the_embedded_endpoint_stay_in_process()
    {
        Assert.True(DirectLineConnectorClientFactory.IsEmbedded("http://localhost:3978/v3/directline"));
        Assert.True(DirectLineConnectorClientFactory.IsEmbedded("https://bot.contoso.cn/chat/v3/directline/"));
        Assert.False(DirectLineConnectorClientFactory.IsEmbedded("https://directline.botframework.azure.cn/"));
        Assert.False(DirectLineConnectorClientFactory.IsEmbedded("https://smba.trafficmanager.net/amer/"));
        Assert.False(DirectLineConnectorClientFactory.IsEmbedded("not a url"));
    }
}
