using System.Net;
using System.Net.Http.Json;
using System.Text;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot;

/// <summary>POST /api/messages end to end: real JSON in, replies at a fake connector on 127.0.0.1.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private BotAppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new BotAppFactory();
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Theory]
    [InlineData("en-US", "Hi, I'm SupportBot")]
    [InlineData("zh-CN", "您好，我是 SupportBot")]
    [InlineData("ja-JP", "こんにちは、SupportBot です")]
    public async Task Members_added_are_greeted_in_their_language(string locale, string expected)
    {
        var message = Activities.TeamsPersonalMessage("", _connector.ServiceUrl, locale: locale);
        var update = Activities.MembersAdded(message, message.Recipient!.Id!, message.From!.Id!);

        var response = await _client.PostAsJsonAsync("/api/messages", update, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = await _connector.WaitForMessagesAsync(1);
        Assert.Single(replies);
        Assert.Contains(expected, replies[0].Visible());
        Assert.Equal(message.Conversation!.Id, _connector.Calls.Single().ConversationId);
    }

    [Fact]
    public async Task A_message_is_answered_through_the_connector_as_a_reply()
    {
        var message = Activities.WebChatMessage("hello", _connector.ServiceUrl);

        var response = await _client.PostAsJsonAsync("/api/messages", message, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = (await _connector.WaitForMessagesAsync(1)).Single();
        Assert.Equal(message.Id, _connector.Calls.Single().ActivityId);
        Assert.Equal(message.From!.Id, reply.Recipient!.Id);
        Assert.Equal(message.Recipient!.Id, reply.From!.Id);
        Assert.Equal(message.Id, reply.ReplyToId);
        Assert.Contains("Hi, I'm SupportBot", reply.Visible());
    }

    [Fact]
    public async Task ExpectReplies_returns_the_replies_in_the_body()
    {
        var message = Activities.WebChatMessage("hello", _connector.ServiceUrl);
        message.DeliveryMode = DeliveryModes.ExpectReplies;

        var response = await _client.PostAsJsonAsync("/api/messages", message, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ExpectedReplies>(ProtocolJson.Options);
        Assert.Contains("Hi, I'm SupportBot", Assert.Single(body!.Activities).Visible());
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task An_unhandled_invoke_is_answered_400_with_the_reason_never_a_5xx()
    {
        var invoke = Activities.TeamsPersonalMessage("", _connector.ServiceUrl);
        invoke.Type = ActivityTypes.Invoke;
        invoke.Name = "unknown/thing";

        var response = await _client.PostAsJsonAsync("/api/messages", invoke, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>(ProtocolJson.Options);
        Assert.Contains("unknown/thing", error!.Error!.Message);
    }

    [Fact]
    public async Task Unknown_activity_types_are_ignored_politely()
    {
        var odd = Activities.WebChatMessage("", _connector.ServiceUrl);
        odd.Type = "somethingNew";

        var response = await _client.PostAsJsonAsync("/api/messages", odd, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_connector.Calls);
    }

    [Theory]
    [InlineData("{not json", "Malformed JSON")]
    [InlineData("[1,2,3]", "JSON object")]
    [InlineData("\"text\"", "JSON object")]
    [InlineData("{}", "'type'")]
    [InlineData("{\"type\":\"\"}", "'type'")]
    [InlineData("{\"type\":\"message\"}", "'channelId'")]
    [InlineData("{\"type\":\"message\",\"channelId\":\"webchat\",\"from\":{\"id\":\"u\"}}", "'conversation.id'")]
    [InlineData("{\"type\":\"message\",\"channelId\":\"webchat\",\"conversation\":{\"id\":\"c\"}}", "'from.id'")]
    [InlineData("{\"type\":\"message\",\"channelId\":\"webchat\",\"conversation\":{\"id\":\"c\"},\"from\":{\"id\":\"u\"}}", "'serviceUrl'")]
    [InlineData("{\"type\":\"message\",\"channelId\":\"webchat\",\"conversation\":{\"id\":\"c\"},\"from\":{\"id\":\"u\"},\"serviceUrl\":\"ftp://x\"}", "'serviceUrl'")]
    // A string field of another kind reads as absent (Bot/Schema/TolerantJson): here, no type.
    [InlineData("{\"type\":42}", "'type'")]
    [InlineData("{\"type\":\"message\",\"timestamp\":\"yesterday\"}", "Malformed JSON")]
    [InlineData("{\"type\":\"message\",\"from\":[]}", "Malformed JSON")]
    [InlineData("{\"type\":\"message\",\"channelId\":\"webchat\",\"conversation\":{\"id\":\"c\"},\"from\":{\"id\":\"u\"},\"serviceUrl\":\"http://127.0.0.1:1/\",\"id\":\"@LONG@\"}", "'id' is longer")]
    [InlineData("{\"type\":\"message\",\"channelId\":\"webchat\",\"conversation\":{\"id\":\"@LONG@\"},\"from\":{\"id\":\"u\"},\"serviceUrl\":\"http://127.0.0.1:1/\"}", "'conversation.id' is longer")]
    public async Task Malformed_activities_get_400_with_a_reason(string body, string reason)
    {
        // An id of 400 CJK characters is 3,600 URL-encoded: more than a reply's URL can carry.
        body = body.Replace("@LONG@", new string('長', 400), StringComparison.Ordinal);
        var response = await _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>(ProtocolJson.Options);
        Assert.Contains(reason, error!.Error!.Message);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        var message = Activities.WebChatMessage(new string('x', 300 * 1024), _connector.ServiceUrl);

        var response = await _client.PostAsJsonAsync("/api/messages", message, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413()
    {
        var json = ProtocolJson.Serialize(Activities.WebChatMessage(new string('x', 300 * 1024), _connector.ServiceUrl));
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
