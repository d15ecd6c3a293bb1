using SupportBot.Bot.Schema;
using SupportBot.Requests;

namespace SupportBot.Tests.TestKit;

/// <summary>A customer's service request from the web chat (embedded Direct Line), as the bot files it.</summary>
public static class SampleRequests
{
    public static NewRequest WebChat(string userId, string title, Dictionary<string, string> form, string conversationId = "c1") => new()
    {
        SubmissionId = Guid.NewGuid().ToString("N"),
        Kind = RequestKind.ServiceRequest,
        Queue = AgentQueue.PartnerHelpdesk,
        Requester = new Requester
        {
            ChannelId = Channels.DirectLine,
            UserId = userId,
            Role = "customer",
            Language = "en",
            Conversation = new ConversationReference { ChannelId = Channels.DirectLine, Conversation = new ConversationAccount(conversationId), User = new ChannelAccount(userId) },
        },
        Title = title,
        Severity = "moderate",
        Form = form,
    };
}
