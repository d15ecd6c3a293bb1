using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Tests.TestKit;

/// <summary>Activities shaped as the real channels send them, for tests.</summary>
public static class Activities
{
    public const string TeamsTenant = "72f988bf-0000-4000-8000-000000000001";
    public const string BotAppId = "00000000-0000-0000-0000-00000000b07a";

    public static Activity TeamsPersonalMessage(string text, string serviceUrl, string userId = "29:1teams-user", string locale = "en-US", string tenantId = TeamsTenant) => new()
    {
        Type = ActivityTypes.Message,
        Id = $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}{Random.Shared.Next(1000)}",
        Timestamp = DateTimeOffset.UtcNow,
        ServiceUrl = serviceUrl,
        ChannelId = Channels.MsTeams,
        From = new ChannelAccount(userId, "Partner User") { AadObjectId = "00000000-0000-0000-0000-0000000000aa" },
        Conversation = new ConversationAccount($"a:1personal-{userId}", conversationType: "personal", tenantId: tenantId),
        Recipient = new ChannelAccount($"28:{BotAppId}", "SupportBot"),
        Text = text,
        TextFormat = TextFormatTypes.Plain,
        Locale = locale,
        ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = tenantId } }),
    };

    public static Activity WebChatMessage(string text, string serviceUrl, string userId = "dl_webchat-user", string locale = "en-US", string conversationId = "webchat-conv-1") => new()
    {
        Type = ActivityTypes.Message,
        Id = $"{conversationId}|{Random.Shared.Next(1000000):D7}",
        ServiceUrl = serviceUrl,
        ChannelId = Channels.WebChat,
        From = new ChannelAccount(userId, "Customer", RoleTypes.User),
        Conversation = new ConversationAccount(conversationId),
        Recipient = new ChannelAccount("supportbot", "SupportBot", RoleTypes.Bot),
        Text = text,
        Locale = locale,
        ChannelData = JsonSerializer.SerializeToElement(new { clientActivityID = Guid.NewGuid().ToString("N") }),
    };

    public static Activity MembersAdded(Activity template, params string[] memberIds)
    {
        var update = template.Clone();
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = memberIds.Select(id => new ChannelAccount(id)).ToList();
        return update;
    }

    public static Activity Submit(Activity template, object value)
    {
        var submit = template.Clone();
        submit.Text = null;
        submit.Value = JsonSerializer.SerializeToElement(value);
        return submit;
    }
}
