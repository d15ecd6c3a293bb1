using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;

namespace SupportBot.Tests.Bot.DirectLine;

/// <summary>The embedded Direct Line 3.0 endpoint over real HTTP on Kestrel (PROTOCOL.md §6), against the real bot.</summary>
public sealed class DirectLineEndpointTests : IAsyncLifetime
{
    private DirectLineHost _host = null!;

    public async Task InitializeAsync() => _host = await DirectLineHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_page_gets_a_token_for_a_new_conversation()
    {
        var token = await _host.GenerateTokenAsync();

        Assert.False(string.IsNullOrEmpty(token.ConversationId));
        Assert.False(string.IsNullOrEmpty(token.Token));
        Assert.Equal(1800, token.ExpiresIn);
        Assert.Null(token.StreamUrl); // generate starts nothing (PROTOCOL.md §6.2)
    }

    [Fact]
    public async Task Another_site_cannot_get_a_token_without_the_secret()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate");
        request.Headers.Add("Origin", "https://evil.example");
        using var client = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Starting_a_conversation_answers_201_with_a_ws_stream_url_and_then_200()
    {
        var token = await _host.GenerateTokenAsync();

        var first = await _host.SendAsync(HttpMethod.Post, "v3/directline/conversations", token.Token, new { user = new { id = "dl_test-user" }, locale = "en-US" });
        var again = await _host.SendAsync(HttpMethod.Post, "v3/directline/conversations", token.Token, new { locale = "en-US" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var started = (await first.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options))!;
        Assert.Equal(token.ConversationId, started.ConversationId);
        var expected = $"ws://{new Uri(_host.BaseUrl).Authority}/v3/directline/conversations/{token.ConversationId}/stream?watermark=-&t=";
        Assert.StartsWith(expected, started.StreamUrl);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    [InlineData("ja-JP")]
    public async Task The_welcome_is_waiting_when_the_conversation_starts_in_its_locale(string locale)
    {
        var conversation = await _host.StartConversationAsync(locale);

        var set = await _host.PollAsync(conversation);

        var welcome = Assert.Single(set.Activities); // the bot greeted the user, not itself
        Assert.Equal($"Welcome ({locale})", welcome.Text);
        Assert.Equal("bot", welcome.From!.Role);
        Assert.DoesNotContain(set.Activities, a => a.IsType(ActivityTypes.ConversationUpdate)); // never sent to clients (§6.3)
    }

    [Fact]
    public async Task A_posted_message_is_echoed_with_its_id_and_clientActivityID_then_answered()
    {
        var conversation = await _host.StartConversationAsync();

        var (response, clientActivityId) = await _host.PostMessageAsync(conversation, "hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<ResourceResponse>(ProtocolJson.Options))!.Id!;
        Assert.Matches($"^{Regex.Escape(conversation.ConversationId!)}\\|\\d{{7}}$", id);
        var set = await _host.PollAsync(conversation);
        var echo = Assert.Single(set.Activities, a => a.Id == id);
        Assert.Equal(clientActivityId, echo.ChannelData!.Value.GetProperty("clientActivityID").GetString());
        Assert.Equal("dl_test-user", echo.From!.Id); // the token's user, not what the client claimed
        Assert.Equal("user", echo.From.Role);
        Assert.Equal(Channels.DirectLine, echo.ChannelId);
        Assert.Equal(_host.ServiceUrl, echo.ServiceUrl);
        var reply = Assert.Single(set.Activities, a => a.ReplyToId == id);
        Assert.Equal("echo: hello", reply.Text);
        Assert.Equal("dl_test-user", reply.Recipient!.Id);
        Assert.True(set.Activities.IndexOf(echo) < set.Activities.IndexOf(reply));
    }

    [Fact]
    public async Task Polling_pages_by_watermark()
    {
        var conversation = await _host.StartConversationAsync();
        var first = await _host.PollAsync(conversation);
        Assert.Equal("1", first.Watermark);

        var nothingNew = await _host.PollAsync(conversation, first.Watermark);
        Assert.Empty(nothingNew.Activities);
        Assert.Equal("1", nothingNew.Watermark);

        await _host.PostMessageAsync(conversation, "hello");
        var next = await _host.PollAsync(conversation, first.Watermark);
        Assert.Equal(2, next.Activities.Count);
        Assert.Equal("hello", next.Activities[0].Text);
        Assert.Equal(next.Activities[0].Id, next.Activities[1].ReplyToId);
        Assert.Equal("3", next.Watermark);
        Assert.Equal(3, (await _host.PollAsync(conversation, "-")).Activities.Count);
    }

    [Fact]
    public async Task The_reply_arrives_over_the_websocket_after_the_replayed_welcome()
    {
        var conversation = await _host.StartConversationAsync();
        await using var stream = await _host.OpenStreamAsync(conversation.StreamUrl!);

        var welcome = await stream.WaitForAsync(a => a.Text == "Welcome (en-US)");
        var (_, clientActivityId) = await _host.PostMessageAsync(conversation, "hello");
        var echo = await stream.WaitForAsync(a => a.ChannelData?.GetProperty("clientActivityID").GetString() == clientActivityId);
        var reply = await stream.WaitForAsync(a => a.ReplyToId == echo.Id);

        Assert.NotNull(welcome.Id);
        Assert.NotNull(echo.Id);
        Assert.Equal("echo: hello", reply.Text);
    }

    [Fact]
    public async Task Reconnect_gives_a_stream_url_that_replays_from_the_watermark()
    {
        var conversation = await _host.StartConversationAsync();
        await _host.PostMessageAsync(conversation, "hello");

        var response = await _host.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversation.ConversationId}?watermark=2", conversation.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = (await response.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options))!;
        Assert.Contains("watermark=2&t=", info.StreamUrl);
        await using var stream = await _host.OpenStreamAsync(info.StreamUrl!);
        var replayed = await stream.WaitForAsync(a => a.ReplyToId is not null);
        Assert.Single(stream.Received); // only the reply: the welcome (1) and the echo (2) were before the watermark
        Assert.Equal("echo: hello", replayed.Text);
    }

    [Fact]
    public async Task A_proactive_message_from_a_stored_reference_reaches_the_open_socket()
    {
        var conversation = await _host.StartConversationAsync();
        await _host.PostMessageAsync(conversation, "hello");
        var echo = (await _host.PollAsync(conversation)).Activities.Single(a => a.Text == "hello");
        var reference = echo.GetConversationReference();
        await using var stream = await _host.OpenStreamAsync(conversation.StreamUrl!);

        var adapter = _host.Services.GetRequiredService<BotAdapter>();
        await adapter.ContinueConversationAsync(reference, (turn, ct) => turn.SendActivityAsync("Your service request was updated.", ct), CancellationToken.None);

        var proactive = await stream.WaitForAsync(a => a.Text == "Your service request was updated.");
        Assert.StartsWith(conversation.ConversationId + "|", proactive.Id);
        Assert.Equal("dl_test-user", proactive.Recipient!.Id);
    }

    [Fact]
    public async Task Typing_goes_to_the_socket_but_never_into_the_polled_log()
    {
        var conversation = await _host.StartConversationAsync();
        await using var stream = await _host.OpenStreamAsync(conversation.StreamUrl!);
        var reference = (await _host.PollAsync(conversation)).Activities[0].GetConversationReference();
        reference.User = new ChannelAccount("dl_test-user");

        var adapter = _host.Services.GetRequiredService<BotAdapter>();
        await adapter.ContinueConversationAsync(reference, async (turn, ct) =>
        {
            await turn.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, ct);
            await turn.SendActivityAsync("done", ct);
        }, CancellationToken.None);

        await stream.WaitForAsync(a => a.IsType(ActivityTypes.Typing));
        await stream.WaitForAsync(a => a.Text == "done");
        Assert.DoesNotContain((await _host.PollAsync(conversation)).Activities, a => a.IsType(ActivityTypes.Typing));
    }

    [Fact]
    public async Task A_second_socket_on_the_same_conversation_is_closed_with_collision()
    {
        var conversation = await _host.StartConversationAsync();
        await using var first = await _host.OpenStreamAsync(conversation.StreamUrl!);
        await first.WaitForAsync(a => a.Text is not null);

        await using var second = await _host.OpenStreamAsync(conversation.StreamUrl!);
        var reason = await second.WaitForCloseAsync();

        Assert.Equal(DirectLineStream.CollisionReason, reason);
        await _host.PostMessageAsync(conversation, "still here?");
        await first.WaitForAsync(a => a.Text == "still here?"); // the first socket keeps working
    }

    [Fact]
    public async Task A_socket_that_went_silent_is_replaced_by_the_reconnecting_client()
    {
        var conversation = await _host.StartConversationAsync();
        await using var stale = await _host.OpenStreamAsync(conversation.StreamUrl!);
        await stale.WaitForAsync(a => a.Text is not null);
        _host.Clock.Advance(TimeSpan.FromSeconds(61)); // three DirectLineJS pings missed

        await using var fresh = await _host.OpenStreamAsync(conversation.StreamUrl!);
        await fresh.WaitForAsync(a => a.Text is not null);

        Assert.Equal(DirectLineStream.CollisionReason, await stale.WaitForCloseAsync());
        await _host.PostMessageAsync(conversation, "after the drop");
        await fresh.WaitForAsync(a => a.Text == "after the drop");
    }

    [Fact]
    public async Task An_expired_token_gets_403_TokenExpired_everywhere()
    {
        var conversation = await _host.StartConversationAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(31));

        var post = (await _host.PostMessageAsync(conversation, "hello")).Response;
        var poll = await _host.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversation.ConversationId}/activities?watermark=", conversation.Token);
        var refresh = await _host.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", conversation.Token);

        foreach (var response in new[] { post, poll, refresh })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("TokenExpired", (await response.Content.ReadFromJsonAsync<ErrorResponse>(ProtocolJson.Options))!.Error!.Code);
        }
    }

    [Fact]
    public async Task A_refreshed_token_keeps_the_conversation_going_past_the_old_expiry()
    {
        var conversation = await _host.StartConversationAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(20));

        var response = await _host.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", conversation.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refreshed = (await response.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options))!;
        _host.Clock.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal(conversation.ConversationId, refreshed.ConversationId);
        var renewed = new DirectLineConversationInfo { ConversationId = conversation.ConversationId, Token = refreshed.Token };
        Assert.Equal(HttpStatusCode.OK, (await _host.PostMessageAsync(renewed, "hello")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.PostMessageAsync(conversation, "hello")).Response.StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_conversation_gets_403_and_no_token_or_a_forged_one_401()
    {
        var mine = await _host.StartConversationAsync();
        var other = await _host.StartConversationAsync(userId: "dl_someone-else");
        var forged = mine.Token![..^4] + (mine.Token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var path = $"v3/directline/conversations/{other.ConversationId}/activities?watermark=";

        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Get, path, mine.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.SendAsync(HttpMethod.Get, path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.SendAsync(HttpMethod.Get, path, forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.SendAsync(HttpMethod.Get, path, "not-a-token")).StatusCode);
        var stream = other.StreamUrl!.Replace(other.Token!, mine.Token, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(() => _host.OpenStreamAsync(stream));
    }

    [Theory]
    [InlineData("{not json", "Malformed JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("", "JSON object")]
    [InlineData("{\"text\":\"no type\"}", "'type'")]
    [InlineData("{\"type\":\"message\",\"timestamp\":\"yesterday\"}", "Malformed JSON")]
    public async Task A_malformed_activity_gets_400_with_a_reason(string body, string reason)
    {
        var conversation = await _host.StartConversationAsync();

        var response = await _host.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversation.ConversationId}/activities", conversation.Token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<ErrorResponse>(ProtocolJson.Options))!.Error!.Message);
    }

    [Fact]
    public async Task An_oversized_activity_gets_413_also_when_chunked()
    {
        var conversation = await _host.StartConversationAsync();
        var path = $"v3/directline/conversations/{conversation.ConversationId}/activities";
        var json = ProtocolJson.Serialize(new Activity { Type = ActivityTypes.Message, Text = new string('x', 300 * 1024) });

        var plain = await _host.SendAsync(HttpMethod.Post, path, conversation.Token, json);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Authorization = new("Bearer", conversation.Token);
        request.Headers.TransferEncodingChunked = true;
        var chunked = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, plain.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Single((await _host.PollAsync(conversation)).Activities); // only the welcome: nothing was accepted
    }

    [Fact]
    public async Task The_stream_url_without_a_websocket_gets_400_and_uploads_a_clear_400()
    {
        var conversation = await _host.StartConversationAsync();
        var streamPath = new Uri(conversation.StreamUrl!).PathAndQuery;

        var plain = await _host.Http.GetAsync(streamPath);
        var upload = await _host.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversation.ConversationId}/upload?userId=dl_test-user", conversation.Token, "{}");

        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
    }
}
