using SupportBot.Bot.Schema;
using SupportBot.Bot.State;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;
using SupportBot.Localization;

namespace SupportBot.Dialogs;

/// <summary>Tells the user in their language that the turn failed.</summary>
public sealed class LocalizedTurnErrorReply(StringCatalog strings, SupportSession session) : ITurnErrorReply
{
    public Activity Create(TurnContext turn)
    {
        var language = session.LanguageOf(turn);
        var reply = turn.Activity.CreateReply(strings.Get(language, "error.turnFailed"));
        reply.Locale = Language.ToLocale(language);
        return reply;
    }

    /// <summary>Ends the dialog (and the form it showed) that kept failing; the person starts afresh with their next message.</summary>
    public Activity EndAfterRepeatedFailure(TurnContext turn, TurnState saved)
    {
        saved.Conversation.Remove(DialogRunner.StateProperty);
        saved.Conversation.Remove(FormContext.StateProperty);
        var language = session.LanguageOf(turn);
        var reply = turn.Activity.CreateReply(strings.Get(language, "error.dialogEnded"));
        reply.Locale = Language.ToLocale(language);
        return reply;
    }
}
