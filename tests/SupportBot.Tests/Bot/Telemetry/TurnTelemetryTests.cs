using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Telemetry;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Telemetry;

/// <summary>The turn metrics of the real app, read with a MeterListener on that app's own meters (so tests may run in parallel).</summary>
public sealed class TurnTelemetryTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Turns_are_counted_by_channel_and_activity_type_and_values_a_client_made_up_are_other()
    {
        await using var bot = new BotAppFactory();
        using var turns = new TurnCounter(bot.Services.GetRequiredService<IMeterFactory>());
        var client = bot.CreateClient();

        await PostAsync(client, Activities.TeamsPersonalMessage("hello", _connector.ServiceUrl));
        var madeUp = Activities.WebChatMessage("hello", _connector.ServiceUrl);
        madeUp.ChannelId = "my-own-channel";
        madeUp.Type = "somethingNew";
        await PostAsync(client, madeUp);

        Assert.Equal(1, turns.Count("msteams", "message", "ok"));
        Assert.Equal(1, turns.Count("other", "other", "ok"));
        Assert.Equal(2, turns.Durations);
    }

    [Fact]
    public async Task A_turn_that_fails_is_counted_as_an_error()
    {
        await using var bot = new BotAppFactory();
        using var turns = new TurnCounter(bot.Services.GetRequiredService<IMeterFactory>());
        // The reply (and the apology after it) are refused by the channel: the turn fails, the HTTP call still succeeds.
        _connector.FailNext(400, times: 2);

        await PostAsync(bot.CreateClient(), Activities.WebChatMessage("hello", _connector.ServiceUrl));

        Assert.Equal(1, turns.Count("webchat", "message", "error"));
        Assert.Equal(0, turns.Count("webchat", "message", "ok"));
    }

    private static async Task PostAsync(HttpClient client, Activity activity)
    {
        var response = await client.PostAsJsonAsync("/api/messages", activity, ProtocolJson.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Listens to bot.turns and bot.turn.duration of one app (its IMeterFactory is the meter's scope).</summary>
    private sealed class TurnCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string, string, string), long> _turns = new();
        private int _durations;

        public TurnCounter(IMeterFactory app)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == app && instrument.Meter.Name == BotTelemetry.MeterName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "bot.turns") _turns.AddOrUpdate(Key(tags), value, (_, total) => total + value);
            });
            _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
            {
                if (instrument.Name == "bot.turn.duration") Interlocked.Increment(ref _durations);
            });
            _listener.Start();
        }

        public int Durations => _durations;

        public long Count(string channel, string type, string outcome) => _turns.GetValueOrDefault((channel, type, outcome));

        private static (string, string, string) Key(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? channel = null, type = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == TurnTags.Channel) channel = (string?)tag.Value;
                else if (tag.Key == TurnTags.ActivityType) type = (string?)tag.Value;
                else if (tag.Key == TurnTags.Outcome) outcome = (string?)tag.Value;
            }
            return (channel ?? "", type ?? "", outcome ?? "");
        }

        public void Dispose() => _listener.Dispose();
    }
}
