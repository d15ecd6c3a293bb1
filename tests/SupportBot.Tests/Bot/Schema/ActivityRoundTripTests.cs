using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;

namespace SupportBot.Tests.Bot.Schema;

/// <summary>
/// Recorded channel activities (Fixtures/activities, sources in its README) go through <see cref="Activity"/> and come
/// back semantically equal: every field, including the ones our model does not name, survives.
/// </summary>
public sealed class ActivityRoundTripTests
{
    public static TheoryData<string> Recordings() =>
    [
        "teams-personal-message.json",
        "teams-channel-mention.json",
        "teams-card-submit.json",
        "teams-adaptive-card-action-invoke.json",
        "webchat-message.json",
        "teams-conversation-update-members-added.json",
        "playground-msteams-message.json",
        "playground-webchat-message.json",
    ];

    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "activities", name));

    internal static Activity Load(string name) => ProtocolJson.Deserialize<Activity>(Fixture(name))!;

    [Theory]
    [MemberData(nameof(Recordings))]
    public void A_recorded_activity_round_trips_unchanged(string name)
    {
        var original = JsonNode.Parse(Fixture(name));

        var activity = ProtocolJson.Deserialize<Activity>(original!.ToJsonString())!;
        var written = JsonNode.Parse(ProtocolJson.Serialize(activity));

        Assert.Null(JsonTree.FirstDifference(original, written));
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void A_recorded_activity_survives_a_clone_and_a_second_round_trip(string name)
    {
        var once = ProtocolJson.Serialize(Load(name).Clone());
        var twice = ProtocolJson.Serialize(ProtocolJson.Deserialize<Activity>(once));

        Assert.Equal(once, twice);
    }

    [Fact]
    public void The_comparison_notices_a_dropped_unknown_field()
    {
        var original = JsonNode.Parse(Fixture("teams-channel-mention.json"))!;
        var damaged = original.DeepClone();
        damaged["channelData"]!.AsObject().Remove("teamsTeamId");

        Assert.Equal("$.channelData.teamsTeamId: missing", JsonTree.FirstDifference(original, damaged));
    }

    [Fact]
    public void Timestamps_compare_by_instant_and_offset()
    {
        Assert.Null(JsonTree.FirstDifference(JsonNode.Parse("""{"timestamp":"2026-03-02T08:41:16.835Z"}"""), JsonNode.Parse("""{"timestamp":"2026-03-02T08:41:16.8350000+00:00"}""")));
        Assert.NotNull(JsonTree.FirstDifference(JsonNode.Parse("""{"localTimestamp":"2026-03-02T16:41:16.835+08:00"}"""), JsonNode.Parse("""{"localTimestamp":"2026-03-02T08:41:16.835Z"}""")));
    }

    [Fact]
    public void Known_fields_are_typed_and_unknown_ones_kept_as_extension_data()
    {
        var mention = Load("teams-channel-mention.json");

        Assert.Equal(ActivityTypes.Message, mention.Type);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 5, 42, 117, TimeSpan.Zero), mention.Timestamp);
        Assert.Equal(TimeSpan.FromHours(8), mention.LocalTimestamp!.Value.Offset);
        Assert.Equal("Asia/Shanghai", mention.LocalTimezone);
        Assert.True(mention.Conversation!.IsGroup);
        Assert.Equal("channel", mention.Conversation.ConversationType);
        Assert.Equal("8a4c2f1e-6b3d-4e5f-a7b8-c9d0e1f2a3b4", mention.Conversation.TenantId);
        Assert.Equal("b15a9416-0ad3-4172-9210-7beb711d3f70", mention.From!.AadObjectId);
        Assert.Equal("text/html", Assert.Single(mention.Attachments!).ContentType);
        var entities = mention.Entities!;
        Assert.Equal(["mention", "clientInfo"], entities.Select(e => e.Type));
        Assert.Equal("Web", entities[1].Properties!["platform"].GetString());
        Assert.Null(mention.Properties);
    }

    [Fact]
    public void A_card_submit_carries_value_and_replyToId_but_no_text()
    {
        var submit = Load("teams-card-submit.json");

        Assert.Equal(ActivityTypes.Message, submit.Type);
        Assert.Null(submit.Text);
        Assert.Equal("1772443098231", submit.ReplyToId);
        Assert.Equal("billing", submit.Value!.Value.GetProperty("category").GetString());
        Assert.Equal("請求書の金額が合いません", submit.Value.Value.GetProperty("description").GetString());
    }

    [Fact]
    public void An_adaptive_card_action_invoke_reads_as_a_typed_value()
    {
        var invoke = Load("teams-adaptive-card-action-invoke.json");

        Assert.Equal(ActivityTypes.Invoke, invoke.Type);
        Assert.Equal(InvokeNames.AdaptiveCardAction, invoke.Name);
        var value = invoke.Value!.Value.Deserialize<AdaptiveCardInvokeValue>(ProtocolJson.Options)!;
        Assert.Equal("manual", value.Trigger);
        Assert.Equal("Action.Execute", value.Action!.Type);
        Assert.Equal("escalate", value.Action.Verb);
        Assert.Equal("提交", value.Action.Title);
        Assert.Equal("SR-20260302-0042", value.Action.Data!.Value.GetProperty("requestId").GetString());

        var rewritten = JsonNode.Parse(ProtocolJson.Serialize(value));
        Assert.Null(JsonTree.FirstDifference(JsonNode.Parse(Fixture("teams-adaptive-card-action-invoke.json"))!["value"], rewritten));
    }

    [Fact]
    public void A_web_chat_message_keeps_its_echo_id_and_client_capabilities()
    {
        var message = Load("webchat-message.json");

        Assert.Equal(Channels.WebChat, message.ChannelId);
        Assert.Equal(RoleTypes.User, message.From!.Role);
        Assert.Equal("17724456537280.f3x1q9c2k7m", message.ChannelData!.Value.GetProperty("clientActivityID").GetString());
        var capabilities = Assert.Single(message.Entities!);
        Assert.Equal("ClientCapabilities", capabilities.Type);
        Assert.True(capabilities.Properties!["requiresBotState"].GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 18, 2, 33, TimeSpan.FromHours(8)), message.LocalTimestamp);
        Assert.NotNull(message.Attachments);
        Assert.Empty(message.Attachments);
    }

    [Fact]
    public void A_conversation_update_lists_the_members_added()
    {
        var update = Load("teams-conversation-update-members-added.json");

        Assert.Equal(ActivityTypes.ConversationUpdate, update.Type);
        var added = update.MembersAdded!;
        Assert.Equal([update.Recipient!.Id, update.From!.Id], added.Select(m => m.Id));
        Assert.Equal("6d0b4f0e-2f7a-4c1b-9a53-5d7b8c1e2a90", added[1].AadObjectId);
        Assert.Equal("teamMemberAdded", update.GetChannelData<TeamsChannelData>()!.EventType);
    }
}
