using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;

namespace SupportBot.Tests.Bot.Schema;

/// <summary>Teams channelData (PROTOCOL.md §4.1) read from recorded activities.</summary>
public sealed class TeamsChannelDataTests
{
    [Fact]
    public void A_channel_message_names_its_team_channel_and_tenant()
    {
        var data = ActivityRoundTripTests.Load("teams-channel-mention.json").GetChannelData<TeamsChannelData>()!;

        Assert.Equal("8a4c2f1e-6b3d-4e5f-a7b8-c9d0e1f2a3b4", data.Tenant!.Id);
        Assert.Equal("19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2", data.Team!.Id);
        Assert.Equal("Contoso CSP Operations", data.Team.Name);
        Assert.Equal("9c9c7c96-ef6b-4e19-870b-ea62d2c27132", data.Team.AadGroupId);
        Assert.Equal("19:6848757105754c8981c67612732d9aa7@thread.tacv2", data.Channel!.Id);
        Assert.Equal("Partner Support", data.Channel.Name);
        Assert.Null(data.EventType);
    }

    [Fact]
    public void A_personal_chat_carries_only_the_tenant()
    {
        var data = ActivityRoundTripTests.Load("teams-personal-message.json").GetChannelData<TeamsChannelData>()!;

        Assert.Equal("8a4c2f1e-6b3d-4e5f-a7b8-c9d0e1f2a3b4", data.Tenant!.Id);
        Assert.Null(data.Team);
        Assert.Null(data.Channel);
    }

    [Fact]
    public void A_members_added_update_has_its_event_type_and_selected_channel()
    {
        var data = ActivityRoundTripTests.Load("teams-conversation-update-members-added.json").GetChannelData<TeamsChannelData>()!;

        Assert.Equal("teamMemberAdded", data.EventType);
        Assert.Equal(data.Team!.Id, data.Settings!.SelectedChannel!.Id);
    }

    [Theory]
    [InlineData("teams-channel-mention.json")]
    [InlineData("teams-card-submit.json")]
    [InlineData("teams-adaptive-card-action-invoke.json")]
    [InlineData("teams-conversation-update-members-added.json")]
    public void Parsed_channelData_writes_back_whole(string fixture)
    {
        var activity = ActivityRoundTripTests.Load(fixture);

        var rewritten = JsonNode.Parse(ProtocolJson.Serialize(activity.GetChannelData<TeamsChannelData>()));

        Assert.Null(JsonTree.FirstDifference(JsonNode.Parse(ActivityRoundTripTests.Fixture(fixture))!["channelData"], rewritten));
    }

    [Fact]
    public void Non_object_channelData_reads_as_absent()
    {
        var activity = ProtocolJson.Deserialize<Activity>("""{"type":"message","channelData":"text"}""")!;

        Assert.Null(activity.GetChannelData<TeamsChannelData>());
    }
}
