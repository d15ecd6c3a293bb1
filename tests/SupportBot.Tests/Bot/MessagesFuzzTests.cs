using SupportBot.Notifications;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot;

/// <summary>
/// Issue 11: a bounded, seeded fuzz of POST /api/messages over real HTTP (Kestrel on 127.0.0.1, the fake connector
/// for replies). Seeds are the recorded channel activities (Fixtures/activities) and every card action the bot
/// offers on a short crawl (topic buttons, forms with their inputs, agents' Action.Execute buttons as invokes and
/// their Action.Submit fallbacks). Each mutation spoils one to three parts of a seed. Nothing may answer 5xx and
/// nothing may log at error level. A failure names the mutation's index: the same seed replays it.
/// </summary>
public sealed class MessagesFuzzTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261203;
    private const string LoneSurrogate = "@LONE-SURROGATE@";
    private const string HelpdeskTeam = "19:fuzz-helpdesk-team@thread.skype";
    private const string HelpdeskChannel = "19:fuzz-helpdesk-channel@thread.skype";
    private const string Tenant = Activities.TeamsTenant;

    /// <summary>Mutations per run (SUPPORTBOT_FUZZ_COUNT overrides); the run also stops at <see cref="Budget"/>.</summary>
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("SUPPORTBOT_FUZZ_COUNT"), out var n) ? n : 5000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);
    private const int AtLeast = 1500;
    private const int Workers = 4;

    private readonly CapturedLogs _logs = new();
    private FakeConnector _connector = null!;
    private BotAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new BotAppFactory(new Dictionary<string, string?>
        {
            ["Support:Queues:PartnerHelpdesk:TeamId"] = HelpdeskTeam,
            ["Support:Queues:PartnerHelpdesk:ChannelId"] = HelpdeskChannel,
            ["Support:Queues:PartnerHelpdesk:ServiceUrl"] = _connector.ServiceUrl,
            ["Support:Queues:PartnerHelpdesk:TenantId"] = Tenant,
            ["Support:Queues:VianetDesk:TeamId"] = HelpdeskTeam,
            ["Support:Queues:VianetDesk:ChannelId"] = HelpdeskChannel,
            ["Support:Queues:VianetDesk:ServiceUrl"] = _connector.ServiceUrl,
            ["Support:Queues:VianetDesk:TenantId"] = Tenant,
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Connector:MaxAttempts"] = "1",
        }, logs: _logs);
        _http = new HttpClient { BaseAddress = _app.StartOnLoopback(), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Thousands_of_mutated_activities_get_no_5xx_and_no_error_log()
    {
        var seeds = Fixtures().Concat(await CrawlAsync()).ToList();
        Assert.True(seeds.Count >= 30, $"Only {seeds.Count} seeds.");
        Assert.Empty(_logs.AtLeast(LogLevel.Error));

        var random = new Random(Seed);
        var bodies = Enumerable.Range(0, Count).Select(_ => Mutator.Mutate(seeds[random.Next(seeds.Count)], random)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        var sent = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Length && clock.Elapsed < Budget)
            {
                using var response = await _http.PostAsync("/api/messages", new StringContent(bodies[index], Encoding.UTF8, "application/json"));
                Interlocked.Increment(ref sent);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
                if ((int)response.StatusCode >= 500)
                    failures.Enqueue($"#{index} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{bodies[index]}");
            }
        }));
        // Give the outbox a moment: what the turns queued is sent in the background and may fail there too.
        await Task.Delay(500);

        var errors = _logs.AtLeast(LogLevel.Error);
        output.WriteLine($"{seeds.Count} seeds, {sent} mutations in {clock.Elapsed.TotalSeconds:F1} s ({Workers} at a time); HTTP "
            + string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} mutations got a 5xx (seed {Seed}):\n{string.Join("\n\n", failures.Take(5))}");
        Assert.True(errors.Count == 0, $"{errors.Count} error log lines in {sent} mutations (seed {Seed}):\n{string.Join("\n\n", errors.Take(5))}");
        Assert.True(sent >= Math.Min(AtLeast, Count), $"Only {sent} mutations were sent in {Budget.TotalSeconds} s.");
    }

    /// <summary>The recorded activities, addressed to the fake connector.</summary>
    private IEnumerable<JsonObject> Fixtures() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "activities"), "*.json").Order(StringComparer.Ordinal).Select(path =>
        {
            var activity = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            activity["serviceUrl"] = _connector.ServiceUrl;
            return activity;
        });

    /// <summary>
    /// Talks to the bot as a web chat customer, a Teams user and an agent, and presses every button it is offered (forms
    /// filled in), breadth first; returns every activity sent, as seeds.
    /// </summary>
    private async Task<List<JsonObject>> CrawlAsync()
    {
        var sent = new List<JsonObject>();
        var customer = Activities.WebChatMessage("", _connector.ServiceUrl, userId: "dl_fuzz-customer", conversationId: "fuzz-webchat");
        var partner = Activities.TeamsPersonalMessage("", _connector.ServiceUrl, userId: "29:fuzz-partner");
        var conversations = new[] { customer, partner };
        async Task SendAsync(Activity template, Action<Activity> shape)
        {
            var activity = template.Clone();
            activity.Id = $"crawl-{sent.Count}";
            activity.Text = null;
            shape(activity);
            var json = JsonNode.Parse(ProtocolJson.Serialize(activity))!.AsObject();
            sent.Add(json);
            using var response = await _http.PostAsync("/api/messages", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.True((int)response.StatusCode < 500, $"The crawl got {(int)response.StatusCode} for {json.ToJsonString()}");
        }

        foreach (var conversation in conversations)
        {
            await SendAsync(conversation, a => { a.Type = ActivityTypes.ConversationUpdate; a.MembersAdded = [a.From!, a.Recipient!]; });
            foreach (var text in new[] { "hello", "help", "my requests", "SR-20260101-0001", "中文", "talk to a person", "end chat", "English" })
                await SendAsync(conversation, a => a.Text = text);
        }

        // Press what the cards offer, in the conversation that got them (breadth first, each distinct button once).
        var pressed = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 3; round++)
            foreach (var conversation in conversations)
                foreach (var (data, inputs) in CardSubmits(conversation.Conversation!.Id!).ToList())
                {
                    var value = new JsonObject();
                    foreach (var (key, node) in data) value[key] = node?.DeepClone();
                    foreach (var (key, input) in inputs) value[key] = input;
                    if (!pressed.Add($"{conversation.Conversation.Id}|{value.ToJsonString()}") || pressed.Count > 120) continue;
                    await SendAsync(conversation, a => { a.Value = JsonSerializer.SerializeToElement(value); a.ReplyToId = "1"; });
                }

        // The agents' cards (posted by the outbox to the helpdesk channel): each Action.Execute as an invoke, each fallback as a submit.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!AgentCards().Any() && DateTime.UtcNow < deadline) await Task.Delay(100);
        var agentCards = AgentCards().ToList();
        Assert.NotEmpty(agentCards);
        foreach (var (thread, card) in agentCards.Take(2))
        {
            var agent = AgentActivity(thread);
            foreach (var action in Actions(card).Where(a => a["type"]?.GetValue<string>() == "Action.Execute"))
            {
                var data = action["data"]?.DeepClone().AsObject() ?? [];
                foreach (var (key, input) in Inputs(card)) data[key] ??= input;
                var verb = action["verb"]!.GetValue<string>();
                await SendAsync(agent, a =>
                {
                    a.Type = ActivityTypes.Invoke;
                    a.Name = InvokeNames.AdaptiveCardAction;
                    a.Value = JsonSerializer.SerializeToElement(new JsonObject
                    {
                        ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
                        ["trigger"] = "manual",
                    });
                });
                if (action["fallback"]?["data"] is JsonObject fallback)
                    await SendAsync(agent, a => a.Value = JsonSerializer.SerializeToElement(Merge(fallback, Inputs(card))));
            }
            await SendAsync(agent, a => a.Text = "<at>SupportBot</at> hello from the thread");
        }
        foreach (var (name, type) in new[] { ("handoff.status", ActivityTypes.Event), ("task/fetch", ActivityTypes.Invoke), ("", ActivityTypes.MessageReaction), ("", ActivityTypes.InstallationUpdate), ("", ActivityTypes.Typing), ("", ActivityTypes.EndOfConversation) })
            await SendAsync(customer, a =>
            {
                a.Type = type;
                a.Name = name.Length > 0 ? name : null;
                a.Value = JsonSerializer.SerializeToElement(new { state = "failed", message = "hub" });
            });
        return sent;
    }

    private Activity AgentActivity(string thread) => new()
    {
        Type = ActivityTypes.Message,
        Id = "agent-1",
        ServiceUrl = _connector.ServiceUrl,
        ChannelId = Channels.MsTeams,
        From = new ChannelAccount("29:fuzz-agent", "Fuzz Agent"),
        Recipient = new ChannelAccount($"28:{Activities.BotAppId}", "SupportBot"),
        Conversation = new ConversationAccount(thread, isGroup: true, conversationType: "channel", tenantId: Tenant),
        Locale = "en-US",
        Entities = [Entity.From(new Mention { Mentioned = new ChannelAccount($"28:{Activities.BotAppId}", "SupportBot"), Text = "<at>SupportBot</at>" })],
        ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = Tenant }, team = new { id = HelpdeskTeam }, channel = new { id = HelpdeskChannel } }),
    };

    private IEnumerable<(string Thread, JsonObject Card)> AgentCards() =>
        _connector.Calls.Where(c => c.Parameters?.Activity is not null).Select(c =>
        {
            var thread = $"{HelpdeskChannel};messageid={JsonNode.Parse(c.Body)!["activity"]?["id"]?.GetValue<string>() ?? "1"}";
            var card = c.Parameters!.Activity!.CardJson();
            return (thread, card.Length == 0 ? null : JsonNode.Parse(card)!.AsObject());
        }).Where(pair => pair.Item2 is not null).Select(pair => (pair.thread, pair.Item2!));

    /// <summary>The Action.Submit buttons of the cards a conversation got, each with values for the card's inputs.</summary>
    private IEnumerable<(JsonObject Data, Dictionary<string, string> Inputs)> CardSubmits(string conversationId) =>
        _connector.Messages.Where(m => m.Conversation?.Id == conversationId && m.CardJson().Length > 0)
            .Select(m => JsonNode.Parse(m.CardJson())!.AsObject())
            .SelectMany(card => Actions(card).Where(a => a["type"]?.GetValue<string>() == "Action.Submit" && a["data"] is JsonObject)
                .Select(a => (a["data"]!.AsObject(), Inputs(card))));

    private static JsonObject Merge(JsonObject data, Dictionary<string, string> inputs)
    {
        var merged = data.DeepClone().AsObject();
        foreach (var (key, value) in inputs) merged[key] ??= value;
        return merged;
    }

    private static IEnumerable<JsonObject> Actions(JsonNode? node) => node switch
    {
        JsonObject obj => (obj["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t.StartsWith("Action.", StringComparison.Ordinal) ? [obj] : Array.Empty<JsonObject>())
            .Concat(obj.SelectMany(p => Actions(p.Value))),
        JsonArray array => array.SelectMany(Actions),
        _ => [],
    };

    /// <summary>A plausible value for every input of a card: sample form values by id, else one that fits the input's kind.</summary>
    private static Dictionary<string, string> Inputs(JsonNode card)
    {
        var samples = SampleForms.ServiceRequest();
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            if (node is JsonArray array) foreach (var item in array) Walk(item);
            if (node is not JsonObject obj) return;
            if (obj["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t.StartsWith("Input.", StringComparison.Ordinal) && obj["id"]?.GetValue<string>() is { } id)
                inputs[id] = samples.TryGetValue(id, out var sample) ? sample : t switch
                {
                    "Input.ChoiceSet" => obj["choices"]?[0]?["value"]?.GetValue<string>() ?? "x",
                    "Input.Toggle" => obj["valueOn"]?.GetValue<string>() ?? "true",
                    "Input.Date" => DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    "Input.Number" => "3",
                    _ => "Fuzzed text for " + id,
                };
            foreach (var (_, child) in obj) Walk(child);
        }
        Walk(card);
        return inputs;
    }

    /// <summary>Spoils one to three parts of an activity: a value of another kind, a part removed or added, odd text.</summary>
    private static class Mutator
    {
        private static readonly string[] Fields =
        [
            "type", "id", "name", "text", "value", "entities", "membersAdded", "membersRemoved", "channelData", "attachments", "locale",
            "textFormat", "deliveryMode", "replyToId", "from", "recipient", "conversation", "timestamp", "suggestedActions", "action", "relatesTo",
        ];
        private static readonly string[] Types = ["message", "invoke", "event", "conversationUpdate", "installationUpdate", "messageReaction", "typing", "endOfConversation", "deleteUserData", "x"];
        private static readonly string[] Names = ["adaptiveCard/action", "handoff.status", "task/fetch", "signin/verifyState", "composeExtension/query", "", "unknown/thing"];
        private static readonly string[] Texts =
        [
            "", " ", "\n\r\t", "a\nfake: log entry", "<at>SupportBot</at>", "[Reset your password](http://evil.example/login)", "**bold** _it_",
            "{{DATE(2026-01-01T00:00:00Z)}}", LoneSurrogate, "😀", "SR-20260101-0001", "../../etc/passwd", "'; DROP TABLE requests; --",
            "talk to a person", "end chat", "my requests", "cancel", "中文", "日本語", "take", "refresh", "escalate", new string('長', 3000),
        ];

        public static string Mutate(JsonObject seed, Random random)
        {
            var activity = seed.DeepClone().AsObject();
            var count = 1 + random.Next(3);
            for (var i = 0; i < count; i++) MutateOnce(activity, random);
            return activity.ToJsonString().Replace(LoneSurrogate, "\\ud800", StringComparison.Ordinal);
        }

        private static void MutateOnce(JsonObject activity, Random random)
        {
            var slots = Slots(activity).ToList();
            var (parent, key) = slots[random.Next(slots.Count)];
            switch (random.Next(7))
            {
                case 0 or 1:
                    Set(parent, key, Value(random, activity));
                    break;
                case 2 when parent is JsonObject obj && key is string name:
                    obj.Remove(name);
                    break;
                case 3:
                    var target = parent is JsonObject o && random.Next(2) == 0 ? o : activity;
                    target[Fields[random.Next(Fields.Length)]] = Value(random, activity);
                    break;
                case 4 when parent is JsonArray array:
                    array.Insert(random.Next(array.Count + 1), random.Next(2) == 0 ? null : Value(random, activity));
                    break;
                case 5:
                    activity["type"] = Types[random.Next(Types.Length)];
                    if (random.Next(2) == 0) activity["name"] = Names[random.Next(Names.Length)];
                    break;
                default:
                    Set(parent, key, Texts[random.Next(Texts.Length)]);
                    break;
            }
        }

        private static void Set(JsonNode parent, object key, JsonNode? value)
        {
            if (parent is JsonObject obj) obj[(string)key] = value;
            else if (parent is JsonArray array) array[(int)key] = value;
        }

        /// <summary>Every place that holds a value (parent and key), the serviceUrl aside: with another URL replies would leave the test.</summary>
        private static IEnumerable<(JsonNode Parent, object Key)> Slots(JsonNode node)
        {
            if (node is JsonObject obj)
                foreach (var (key, child) in obj.ToList())
                {
                    if (key == "serviceUrl") continue;
                    yield return (obj, key);
                    if (child is not null) foreach (var inner in Slots(child)) yield return inner;
                }
            else if (node is JsonArray array)
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, i);
                    if (array[i] is { } child) foreach (var inner in Slots(child)) yield return inner;
                }
        }

        private static JsonNode? Value(Random random, JsonObject activity) => random.Next(14) switch
        {
            0 => null,
            1 => 0,
            2 => -1.5e300,
            3 => true,
            4 => Texts[random.Next(Texts.Length)],
            5 => new JsonArray(),
            6 => new JsonObject(),
            7 => new JsonArray((JsonNode?)null),
            8 => new JsonArray(1, "a", new JsonObject(), (JsonNode?)null),
            9 => new JsonObject { ["id"] = null, ["text"] = 5, ["type"] = "mention" },
            10 => Nested(random.Next(5, 40)),
            11 => long.MaxValue,
            12 => new JsonObject { ["action"] = new JsonObject { ["verb"] = Texts[random.Next(Texts.Length)], ["data"] = new JsonObject { ["requestId"] = Texts[random.Next(Texts.Length)] } } },
            _ => Slots(activity).Select(slot => slot.Parent is JsonObject o ? o[(string)slot.Key] : ((JsonArray)slot.Parent)[(int)slot.Key])
                .ElementAtOrDefault(random.Next(8))?.DeepClone(),
        };

        private static JsonNode Nested(int depth)
        {
            JsonNode node = "deep";
            for (var i = 0; i < depth; i++) node = i % 2 == 0 ? new JsonObject { ["a"] = node } : new JsonArray(node);
            return node;
        }
    }
}
