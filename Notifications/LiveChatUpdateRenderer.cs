using SupportBot.Dialogs;
using SupportBot.Bot.Schema;
using SupportBot.Localization;
using SupportBot.Requests;

namespace SupportBot.Notifications;

/// <summary>The live chat's part of the requester's conversation: an agent joined, said something, or left.</summary>
public sealed class LiveChatUpdateRenderer(Replies replies, AnswerFeedback feedback) : IRequesterUpdateRenderer
{
    public IReadOnlyCollection<string> Events { get; } = [RequesterUpdate.AgentJoined, RequesterUpdate.AgentLeft, RequesterUpdate.RelayMessage];

    public Activity Render(ServiceRequest request, RequesterUpdate update, string language)
    {
        var agent = update.By ?? request.AssignedTo ?? replies.Text(language, "relay.anAgent");
        var text = update.Event switch
        {
            RequesterUpdate.AgentJoined => replies.Text(language, request.Queue == AgentQueue.VianetDesk ? "relay.joined.vianet" : "relay.joined.partner", agent),
            RequesterUpdate.AgentLeft => replies.Text(language, "relay.left", agent),
            RequesterUpdate.RelayMessage => $"{agent}: {update.Text}",
            _ => throw new ArgumentException($"{nameof(LiveChatUpdateRenderer)} does not render '{update.Event}'.", nameof(update)),
        };
        // What the agent wrote goes out as they wrote it: plain text, never markdown they did not mean.
        var message = new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = TextFormatTypes.Plain, Locale = Language.ToLocale(language) };
        // An agent's answer can be rated (the /insights page counts it).
        if (update.Event == RequesterUpdate.RelayMessage) message.Attachments = [feedback.AgentAnswerCard(language, request.Id).ToAttachment()];
        return message;
    }
}
