using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;
using SupportBot.Bot.Turn;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Turn;

/// <summary>The route table, the middleware chain and state around a turn, with small test bots.</summary>
public sealed class TurnPipelineTests
{
    private sealed class RoutesBot : BotApplication
    {
        public RoutesBot()
        {
            OnMembersAdded((turn, ct) => turn.SendActivityAsync("members added", ct));
            OnInstallationUpdate((turn, ct) => turn.SendActivityAsync($"installation {turn.Activity.Action}", ct));
            OnEvent("ping", (turn, ct) => turn.SendActivityAsync("pong", ct));
            OnInvoke("sum", (turn, _) => Task.FromResult(InvokeResponse.Ok(new { total = turn.Activity.Value!.Value.GetProperty("a").GetInt32() + 1 })));
            OnInvoke(InvokeNames.AdaptiveCardAction, (_, _) => throw new InvalidOperationException("boom"));
            OnInvoke("broken", (_, _) => throw new InvalidOperationException("boom"));
            OnMessage(async (turn, ct) =>
            {
                var counter = turn.State.Conversation.Get<Counter>("counter");
                counter.Value++;
                if (turn.Activity.Text == "slow") await Task.Delay(400, ct);
                if (turn.Activity.Text == "fail") throw new InvalidOperationException("boom");
                await turn.SendActivityAsync($"message {counter.Value}", ct);
            });
        }
    }

    public sealed class Counter
    {
        public int Value { get; set; }
    }

    [Fact]
    public async Task Each_kind_of_activity_reaches_its_route_and_unknown_kinds_are_ignored()
    {
        var adapter = new TestAdapter(new RoutesBot());

        await adapter.Flow()
            .Send(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new ChannelAccount("user1")] }).AssertReply("members added")
            .Send(new Activity { Type = ActivityTypes.InstallationUpdate, Action = "add" }).AssertReply("installation add")
            .Send(new Activity { Type = ActivityTypes.Event, Name = "ping" }).AssertReply("pong")
            .Send(new Activity { Type = ActivityTypes.Event, Name = "unknown" }).AssertNoReply()
            .Send(new Activity { Type = "somethingNew" }).AssertNoReply()
            .Send("hi").AssertReply("message 1")
            .StartTestAsync();

        var sum = await adapter.ProcessAsync(new Activity { Type = ActivityTypes.Invoke, Name = "sum", Value = JsonSerializer.SerializeToElement(new { a = 41 }) });
        Assert.Equal(42, sum.InvokeResponse!.Body!.Value.GetProperty("total").GetInt32());
        var unknown = await adapter.ProcessAsync(new Activity { Type = ActivityTypes.Invoke, Name = "nobody/handles" });
        Assert.Equal(400, unknown.InvokeResponse!.Status);
        Assert.Contains("nobody/handles", unknown.InvokeResponse.Body!.Value.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Conversation_state_is_loaded_before_and_saved_after_each_turn()
    {
        var storage = new MemoryStorage();
        await new TestAdapter(new RoutesBot(), storage).Flow().Send("a").AssertReply("message 1").Send("b").AssertReply("message 2").StartTestAsync();

        // Another adapter over the same storage is the bot restarted.
        await new TestAdapter(new RoutesBot(), storage).Flow().Send("c").AssertReply("message 3").StartTestAsync();
    }

    [Fact]
    public async Task A_failed_Universal_Action_is_answered_200_with_the_error_in_the_body()
    {
        var adapter = new TestAdapter(new RoutesBot());

        var action = await adapter.ProcessAsync(new Activity { Type = ActivityTypes.Invoke, Name = InvokeNames.AdaptiveCardAction });
        var other = await adapter.ProcessAsync(new Activity { Type = ActivityTypes.Invoke, Name = "broken" });

        // PROTOCOL.md §4.3: an adaptiveCard/action is always HTTP 200, its outcome in statusCode.
        Assert.Equal(200, action.InvokeResponse!.Status);
        Assert.Equal(500, action.InvokeResponse.Body!.Value.GetProperty("statusCode").GetInt32());
        Assert.Equal(ContentTypes.Error, action.InvokeResponse.Body!.Value.GetProperty("type").GetString());
        Assert.Equal(500, other.InvokeResponse!.Status);
    }

    [Fact]
    public async Task A_failed_turn_saves_no_state()
    {
        var storage = new MemoryStorage();
        var adapter = new TestAdapter(new RoutesBot(), storage);

        await adapter.Flow().Send("a").AssertReply("message 1").Send("fail").AssertReply("error").Send("b").AssertReply("message 2").StartTestAsync();
    }

    [Fact]
    public async Task A_turn_whose_state_was_changed_by_another_instance_fails_instead_of_overwriting()
    {
        var storage = new MemoryStorage();
        var adapter = new TestAdapter(new RoutesBot(), storage);
        await adapter.Flow().Send("a").AssertReply("message 1").StartTestAsync();
        var stale = await new TurnStateStore(storage).LoadAsync(adapter.Template, CancellationToken.None);

        await adapter.Flow().Send("b").AssertReply("message 2").StartTestAsync();
        stale.Conversation.Get<Counter>("counter").Value = 100;

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => new TurnStateStore(storage).SaveAsync(stale, CancellationToken.None));
        await adapter.Flow().Send("c").AssertReply("message 3").StartTestAsync();
    }

    [Fact]
    public async Task A_slow_message_turn_shows_typing_until_the_reply()
    {
        var typing = new TypingIndicatorMiddleware(
            Options.Create(new TypingIndicatorOptions { Delay = TimeSpan.FromMilliseconds(50), Period = TimeSpan.FromMilliseconds(100) }),
            NullLogger<TypingIndicatorMiddleware>.Instance);
        var adapter = new TestAdapter(new RoutesBot(), middleware: [typing]);

        await adapter.ProcessAsync(new Activity { Type = ActivityTypes.Message, Text = "slow" });
        await adapter.ProcessAsync(new Activity { Type = ActivityTypes.Message, Text = "quick" });

        var kinds = adapter.AllSent.Select(a => a.IsType(ActivityTypes.Typing) ? "typing" : a.Text).ToList();
        Assert.Equal("typing", kinds[0]);
        var slowReply = kinds.IndexOf("message 1");
        Assert.True(slowReply > 0, string.Join(", ", kinds));
        Assert.Equal(["message 2"], kinds.Skip(slowReply + 1));
    }

    [Theory]
    [InlineData("en-US", "Sorry, something went wrong on my side")]
    [InlineData("zh-CN", "抱歉，我这边出了点问题")]
    [InlineData("ja-JP", "申し訳ありません。こちらで問題が発生しました")]
    public async Task A_failing_turn_tells_the_user_in_their_language(string locale, string expected)
    {
        await using var app = new BotAppFactory();
        var errorReply = app.Services.GetRequiredService<ITurnErrorReply>();
        var adapter = new TestAdapter(new RoutesBot(), errorReply: errorReply);
        adapter.Template.Locale = locale;

        await adapter.Flow().Send("fail").AssertReply(expected).StartTestAsync();
    }

    [Fact]
    public async Task Every_log_line_of_a_turn_carries_its_correlation_id()
    {
        var sink = new ScopeRecordingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        var correlation = new CorrelationLoggingMiddleware(factory.CreateLogger<CorrelationLoggingMiddleware>());
        var adapter = new TestAdapter(new RoutesBot(), middleware: [correlation]);

        await adapter.ProcessAsync(new Activity { Type = ActivityTypes.Message, Id = "activity-42", Text = "hi" });

        Assert.NotEmpty(sink.Scopes);
        Assert.All(sink.Scopes, scope => Assert.Contains("activity-42", scope));
    }

    /// <summary>Records the scope state active at each log call.</summary>
    private sealed class ScopeRecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
        public List<string> Scopes { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeRecordingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new List<string>();
                owner._scopes.ForEachScope((scope, list) => list.Add(scope is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : scope?.ToString() ?? ""), text);
                lock (owner.Scopes) owner.Scopes.Add(string.Join("|", text));
            }
        }
    }
}
