using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs;

/// <summary>
/// An agent's question the requester has not answered yet, kept in the requester's conversation state. The agents'
/// side sets it in the proactive turn that delivers the question; the requester's next plain message is the answer
/// (<see cref="RequesterChat"/>), which goes back to the request's thread.
/// </summary>
public sealed record PendingQuestion(string RequestId, string Question)
{
    public const string StateProperty = "pendingQuestion";

    /// <summary>Remembers the question in the conversation <paramref name="turn"/> runs in (call it in the proactive turn).</summary>
    public static void Set(TurnContext turn, string requestId, string question) =>
        turn.State.Conversation.Set(StateProperty, new PendingQuestion(requestId, question));

    public static PendingQuestion? Find(TurnContext turn) => turn.State.Conversation.Find<PendingQuestion>(StateProperty);

    public static void Clear(TurnContext turn) => turn.State.Conversation.Remove(StateProperty);
}
