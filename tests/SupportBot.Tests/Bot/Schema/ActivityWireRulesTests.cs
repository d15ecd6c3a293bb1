using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;

namespace SupportBot.Tests.Bot.Schema;

/// <summary>What we write on the wire (PROTOCOL.md §1.1, §1.2) and the Activity helpers bots rely on.</summary>
public sealed class ActivityWireRulesTests
{
    [Fact]
    public void Nulls_are_omitted_and_names_are_camelCase()
    {
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            Text = "hi",
            ReplyToId = "1",
            Conversation = new ConversationAccount("a:1", tenantId: "t"),
            From = new ChannelAccount("28:bot") { AadObjectId = "aad" },
        };

        var json = JsonNode.Parse(ProtocolJson.Serialize(reply))!.AsObject();

        Assert.Equal(["type", "from", "conversation", "text", "replyToId"], json.Select(p => p.Key));
        Assert.Equal(["id", "tenantId"], json["conversation"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["id", "aadObjectId"], json["from"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData(InputHints.AcceptingInput, "acceptingInput")]
    [InlineData(InputHints.ExpectingInput, "expectingInput")]
    [InlineData(InputHints.IgnoringInput, "ignoringInput")]
    public void InputHint_uses_the_Input_suffixed_wire_values(string hint, string wire)
    {
        var json = ProtocolJson.Serialize(new Activity { Type = ActivityTypes.Message, InputHint = hint });

        Assert.Equal(wire, JsonNode.Parse(json)!["inputHint"]!.GetValue<string>());
    }

    [Fact]
    public void A_utc_timestamp_is_written_with_Z_and_a_local_one_keeps_its_offset()
    {
        var activity = new Activity
        {
            Timestamp = new DateTimeOffset(2026, 3, 2, 8, 41, 16, 835, TimeSpan.Zero),
            LocalTimestamp = new DateTimeOffset(2026, 3, 2, 16, 41, 16, 835, TimeSpan.FromHours(8)),
        };

        var json = JsonNode.Parse(ProtocolJson.Serialize(activity))!;

        Assert.Equal("2026-03-02T08:41:16.835Z", json["timestamp"]!.GetValue<string>());
        Assert.Equal("2026-03-02T16:41:16.835+08:00", json["localTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public void A_timestamp_that_is_not_ISO_8601_is_rejected()
    {
        Assert.Throws<JsonException>(() => ProtocolJson.Deserialize<Activity>("""{"type":"message","timestamp":"yesterday"}"""));
    }

    [Fact]
    public void The_bot_mention_is_stripped_from_a_channel_message()
    {
        var mention = ActivityRoundTripTests.Load("teams-channel-mention.json");

        Assert.Equal("service health for Exchange Online", mention.GetTextWithoutBotMention());
    }

    [Fact]
    public void Mentions_of_other_people_are_left_in_the_text()
    {
        var mention = ActivityRoundTripTests.Load("teams-channel-mention.json");
        mention.Text = "<at>SupportBot</at> please ask <at>Li Wei</at>";
        mention.Entities!.Add(Entity.From(new Mention { Mentioned = new ChannelAccount("29:li-wei", "Li Wei"), Text = "<at>Li Wei</at>" }));

        Assert.Equal("please ask <at>Li Wei</at>", mention.GetTextWithoutBotMention());
    }

    [Fact]
    public void Text_without_entities_is_only_trimmed()
    {
        var message = ActivityRoundTripTests.Load("webchat-message.json");
        message.Text = "  billing  ";
        message.Entities = null;

        Assert.Equal("billing", message.GetTextWithoutBotMention());
    }

    [Fact]
    public void CreateReply_swaps_the_parties_and_threads_to_the_inbound_activity()
    {
        var inbound = ActivityRoundTripTests.Load("teams-channel-mention.json");

        var reply = inbound.CreateReply("Exchange Online is healthy.");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("Exchange Online is healthy.", reply.Text);
        Assert.Equal(inbound.Recipient!.Id, reply.From!.Id);
        Assert.Equal(RoleTypes.Bot, reply.From.Role);
        Assert.Equal(inbound.From!.Id, reply.Recipient!.Id);
        Assert.Equal(inbound.From.AadObjectId, reply.Recipient.AadObjectId);
        Assert.Equal(inbound.Conversation!.Id, reply.Conversation!.Id);
        Assert.Equal(inbound.Id, reply.ReplyToId);
        Assert.Equal(inbound.ServiceUrl, reply.ServiceUrl);
        Assert.Equal(inbound.ChannelId, reply.ChannelId);
        Assert.Equal(inbound.Locale, reply.Locale);
        Assert.Null(reply.Id);
        Assert.Null(reply.Timestamp);
        Assert.Null(reply.ChannelData);
    }

    [Fact]
    public void A_conversation_reference_addresses_a_proactive_message_to_the_same_conversation()
    {
        var inbound = ActivityRoundTripTests.Load("teams-personal-message.json");

        var reference = inbound.GetConversationReference();
        var stored = ProtocolJson.Deserialize<ConversationReference>(ProtocolJson.Serialize(reference))!;
        var proactive = Activity.CreateMessage("Your service request was updated.").ApplyConversationReference(stored);

        Assert.Equal(inbound.Id, stored.ActivityId);
        Assert.Equal("8a4c2f1e-6b3d-4e5f-a7b8-c9d0e1f2a3b4", stored.Conversation!.TenantId);
        Assert.Equal(inbound.From!.AadObjectId, stored.User!.AadObjectId);
        Assert.Equal(inbound.ServiceUrl, proactive.ServiceUrl);
        Assert.Equal(Channels.MsTeams, proactive.ChannelId);
        Assert.Equal(inbound.Conversation!.Id, proactive.Conversation!.Id);
        Assert.Equal(inbound.Recipient!.Id, proactive.From!.Id);
        Assert.Equal(inbound.From.Id, proactive.Recipient!.Id);
        Assert.Equal(inbound.Id, proactive.ReplyToId);
        Assert.Equal("zh-CN", proactive.Locale);
    }

    [Fact]
    public void A_conversation_reference_applied_as_incoming_rebuilds_the_user_side()
    {
        var inbound = ActivityRoundTripTests.Load("webchat-message.json");

        var continued = new Activity { Type = ActivityTypes.Event, Name = "continue" }.ApplyConversationReference(inbound.GetConversationReference(), isIncoming: true);

        Assert.Equal(inbound.From!.Id, continued.From!.Id);
        Assert.Equal(inbound.Recipient!.Id, continued.Recipient!.Id);
        Assert.Equal(inbound.Id, continued.Id);
        Assert.Null(continued.ReplyToId);
    }

    [Fact]
    public void A_conversation_update_is_not_a_reply_target()
    {
        var update = ActivityRoundTripTests.Load("teams-conversation-update-members-added.json");

        var reference = update.GetConversationReference();

        Assert.Null(reference.ActivityId);
        Assert.Null(Activity.CreateMessage("Welcome").ApplyConversationReference(reference).ReplyToId);
    }
}
