using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Schema;

/// <summary>
/// Issue 11, finding 6: fields that parse as JSON but have the wrong shape are absent (or the activity gets 400),
/// never a failed turn ("Sorry, something went wrong" and an error log).
/// </summary>
public sealed class MalformedFieldsTests : IAsyncLifetime
{
    private const string LoneSurrogate = "@LONE@";
    private FakeConnector _connector = null!;
    private BotAppFactory _app = null!;
    private HttpClient _client = null!;
    private readonly CapturedLogs _logs = new();

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new BotAppFactory(logs: _logs);
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
    }

    public static TheoryData<string> Mutations() =>
    [
        "entities:[null]",
        "entities:[null,mention]",
        "mention.text:5",
        "mention.mentioned:\"bot\"",
        "mention.mentioned.id:[1]",
        "channelData.tenant.id:1",
        "channelData.tenant:\"t\"",
        "channelData.team.id:{}",
        "channelData.notification.alert:\"yes\"",
        "membersAdded:[null]",
        "membersAdded:[{\"id\":5}]",
        "attachments:[null]",
        "value:lone surrogate",
        "value.topic:lone surrogate",
        "text:lone surrogate",
        "from.name:lone surrogate",
        "locale:7",
        "suggestedActions.actions:[null]",
    ];

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task A_malformed_field_is_treated_as_absent_not_as_a_failed_turn(string mutation)
    {
        var body = Mutate(mutation);

        var response = await _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest });
        Assert.Empty(_logs.AtLeast(LogLevel.Error));
        Assert.DoesNotContain(_connector.Messages, reply => reply.Visible().Contains("something went wrong", StringComparison.Ordinal));
    }

    [Fact]
    public void Tenant_id_of_another_kind_reads_as_no_tenant_and_the_rest_of_the_channel_data_is_kept()
    {
        var activity = ProtocolJson.Deserialize<Activity>("""{"type":"message","channelData":{"tenant":{"id":1},"team":{"id":"19:t"}}}""")!;

        var data = activity.GetChannelData<TeamsChannelData>()!;

        Assert.Null(data.Tenant!.Id);
        Assert.Equal("19:t", data.Team!.Id);
    }

    [Fact]
    public void Null_members_and_entities_are_left_out()
    {
        var activity = ProtocolJson.Deserialize<Activity>("""{"type":"conversationUpdate","membersAdded":[null,{"id":"29:a"}],"entities":[null]}""")!;

        Assert.Equal("29:a", Assert.Single(activity.MembersAdded!).Id);
        Assert.Empty(activity.Entities!);
    }

    [Theory]
    [InlineData("""{"a":"\ud800"}""", """{"a":"\ufffd"}""")]
    [InlineData("""{"a":"x\udc00y"}""", """{"a":"x\ufffdy"}""")]
    [InlineData("""{"a":"\ud83d\ude00"}""", """{"a":"\ud83d\ude00"}""")]
    [InlineData("""{"a":"\ud83d\ud83d\ude00"}""", """{"a":"\ufffd\ud83d\ude00"}""")]
    [InlineData("""{"a":"\\ud800"}""", """{"a":"\\ud800"}""")]
    [InlineData("""{"a":"\ud800""", """{"a":"\ufffd""")]
    [InlineData("""{"a":"\ud8""", """{"a":"\ud8""")]
    public void Lone_surrogate_escapes_become_the_replacement_character(string json, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        TolerantJson.RepairLoneSurrogates(bytes);

        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>A recorded Teams channel message (with the bot's mention) with one part spoiled.</summary>
    private string Mutate(string mutation)
    {
        var activity = Activities.TeamsPersonalMessage("<at>SupportBot</at> hello", _connector.ServiceUrl);
        activity.Entities = [Entity.From(new Mention { Mentioned = activity.Recipient, Text = "<at>SupportBot</at>" })];
        var json = JsonNode.Parse(ProtocolJson.Serialize(activity))!.AsObject();
        JsonNode Mention() => json["entities"]![0]!;
        switch (mutation)
        {
            case "entities:[null]": json["entities"] = new JsonArray((JsonNode?)null); break;
            case "entities:[null,mention]": json["entities"] = new JsonArray((JsonNode?)null, Mention().DeepClone()); break;
            case "mention.text:5": Mention()["text"] = 5; break;
            case "mention.mentioned:\"bot\"": Mention()["mentioned"] = "bot"; break;
            case "mention.mentioned.id:[1]": Mention()["mentioned"]!["id"] = new JsonArray(1); break;
            case "channelData.tenant.id:1": json["channelData"]!["tenant"]!["id"] = 1; break;
            case "channelData.tenant:\"t\"": json["channelData"]!["tenant"] = "t"; break;
            case "channelData.team.id:{}": json["channelData"]!["team"] = new JsonObject { ["id"] = new JsonObject() }; break;
            case "channelData.notification.alert:\"yes\"": json["channelData"]!["notification"] = new JsonObject { ["alert"] = "yes" }; break;
            case "membersAdded:[null]": json["type"] = "conversationUpdate"; json["membersAdded"] = new JsonArray((JsonNode?)null); break;
            case "membersAdded:[{\"id\":5}]": json["type"] = "conversationUpdate"; json["membersAdded"] = new JsonArray(new JsonObject { ["id"] = 5 }); break;
            case "attachments:[null]": json["attachments"] = new JsonArray((JsonNode?)null); break;
            case "value:lone surrogate": json["text"] = null; json["value"] = LoneSurrogate; break;
            case "value.topic:lone surrogate": json["text"] = null; json["value"] = new JsonObject { ["topic"] = LoneSurrogate, ["value"] = LoneSurrogate }; break;
            case "text:lone surrogate": json["text"] = LoneSurrogate; break;
            case "from.name:lone surrogate": json["from"]!["name"] = LoneSurrogate; break;
            case "locale:7": json["locale"] = 7; break;
            case "suggestedActions.actions:[null]": json["suggestedActions"] = new JsonObject { ["actions"] = new JsonArray((JsonNode?)null) }; break;
            default: throw new ArgumentException(mutation);
        }
        return json.ToJsonString().Replace(LoneSurrogate, "\\ud800", StringComparison.Ordinal);
    }
}
