using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Connector;

/// <summary>The retry handler under a real ConnectorClient against the fake connector; waits are recorded, never slept.</summary>
public sealed class ConnectorRetryTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private readonly RecordingClock _clock = new();
    private readonly ConnectorOptions _options = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(8),
        MaxTotalDelay = TimeSpan.FromSeconds(20),
    };

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private ConnectorClient Client(HttpMessageHandler? inner = null) =>
        new(new HttpClient(new ConnectorRetryHandler(Options.Create(_options), _clock, NullLogger<ConnectorRetryHandler>.Instance)
        {
            InnerHandler = inner ?? new SocketsHttpHandler(),
        }), _connector.ServiceUrl);

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(412)]
    [InlineData(429)]
    public async Task A_retryable_status_twice_then_success_delivers_once(int status)
    {
        _connector.FailNext(status, 2);

        await Client().SendToConversationAsync("conv", Message("hi"));

        Assert.Single(_connector.Messages);
        Assert.Equal(2, _clock.Waits.Count);
    }

    [Fact]
    public async Task Backoff_grows_exponentially_with_jitter_when_there_is_no_Retry_After()
    {
        _connector.FailNext(503, 3);

        await Client().SendToConversationAsync("conv", Message("hi"));

        var waits = _clock.Waits;
        Assert.Equal(3, waits.Count);
        for (var i = 0; i < waits.Count; i++)
        {
            var full = TimeSpan.FromSeconds(Math.Pow(2, i)); // 1 s, 2 s, 4 s
            Assert.InRange(waits[i], full / 2, full);
        }
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_honoured()
    {
        _connector.FailNext(429, 1, retryAfterSeconds: 7);

        await Client().SendToConversationAsync("conv", Message("hi"));

        Assert.Equal([TimeSpan.FromSeconds(7)], _clock.Waits);
        Assert.Single(_connector.Messages);
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_honoured()
    {
        var throttledUntil = _clock.GetUtcNow().AddSeconds(12);
        var answers = new Queue<HttpResponseMessage>([
            new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(throttledUntil) } },
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"id\":\"1\"}") },
        ]);

        var response = await Client(new ScriptedHandler(answers)).SendToConversationAsync("conv", Message("hi"));

        Assert.Equal("1", response.Id);
        Assert.Equal([TimeSpan.FromSeconds(12)], _clock.Waits);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(500)]
    public async Task Statuses_the_channel_does_not_ask_to_retry_fail_at_once(int status)
    {
        _connector.FailNext(status, 2); // a (wrong) retry would take the second one and fail again

        var error = await Assert.ThrowsAsync<ConnectorException>(() => Client().SendToConversationAsync("conv", Message("hi")));

        Assert.Equal(status, error.StatusCode);
        Assert.Empty(_clock.Waits);
        // The second scripted failure is still there: only one request went out.
        Assert.Equal(status, (await Assert.ThrowsAsync<ConnectorException>(() => Client().SendToConversationAsync("conv", Message("again")))).StatusCode);
        await Client().SendToConversationAsync("conv", Message("third"));
        Assert.Single(_connector.Messages);
    }

    [Fact]
    public async Task When_the_attempts_are_spent_the_caller_gets_a_ConnectorException()
    {
        _connector.FailNext(503, 10);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => Client().SendToConversationAsync("conv", Message("hi")));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(_options.MaxAttempts - 1, _clock.Waits.Count);
        Assert.Empty(_connector.Messages);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_total_budget_is_not_waited()
    {
        _connector.FailNext(429, 1, retryAfterSeconds: 15);
        _connector.FailNext(429, 1, retryAfterSeconds: 15); // 15 + 15 > 20

        var error = await Assert.ThrowsAsync<ConnectorException>(() => Client().SendToConversationAsync("conv", Message("hi")));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(15)], _clock.Waits);
    }

    /// <summary>Answers with prepared responses, for the one header the fake connector cannot send (an HTTP date).</summary>
    private sealed class ScriptedHandler(Queue<HttpResponseMessage> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answers.Dequeue());
    }
}
