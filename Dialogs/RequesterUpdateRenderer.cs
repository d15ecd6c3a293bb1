using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Requests;

namespace SupportBot.Dialogs;

/// <summary>
/// Turns a <see cref="RequesterUpdate"/> into the message the requester reads, in their language. The sender of
/// requester updates runs a proactive turn in the requester's conversation and asks the first renderer that can
/// render the event.
/// </summary>
public interface IRequesterUpdateRenderer
{
    bool CanRender(string @event);

    Activity Render(TurnContext turn, ServiceRequest request, RequesterUpdate update, string language);
}

/// <summary>The live chat's part of the conversation: an agent joined, said something, or left.</summary>
public sealed class LiveChatUpdateRenderer(Replies replies) : IRequesterUpdateRenderer
{
    public bool CanRender(string @event) => @event is RequesterUpdate.AgentJoined or RequesterUpdate.AgentLeft or RequesterUpdate.RelayMessage;

    public Activity Render(TurnContext turn, ServiceRequest request, RequesterUpdate update, string language)
    {
        var agent = update.By ?? request.AssignedTo ?? replies.Text(language, "relay.anAgent");
        return update.Event switch
        {
            RequesterUpdate.AgentJoined => replies.Say(turn, language, JoinedKey(request), agent),
            RequesterUpdate.AgentLeft => replies.Say(turn, language, "relay.left", agent),
            RequesterUpdate.RelayMessage => replies.Message(turn, language, $"{agent}: {update.Text}"),
            _ => throw new ArgumentException($"Cannot render '{update.Event}'.", nameof(update)),
        };
    }

    private static string JoinedKey(ServiceRequest request) =>
        request.Queue == AgentQueue.VianetDesk ? "relay.joined.vianet" : "relay.joined.partner";
}
