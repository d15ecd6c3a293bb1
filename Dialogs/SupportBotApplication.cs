using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Localization;

namespace SupportBot.Dialogs;

/// <summary>The support bot's route table: which flow answers which kind of activity.</summary>
public sealed class SupportBotApplication : BotApplication
{
    private readonly StringCatalog _strings;

    public SupportBotApplication(StringCatalog strings)
    {
        _strings = strings;
        OnMembersAdded(WelcomeAsync);
        OnMessage(AnswerAsync);
    }

    private async Task WelcomeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var language = Language.FromLocale(turn.Activity.Locale);
        foreach (var member in turn.Activity.MembersAdded ?? [])
        {
            // The bot is itself a member added to the conversation; greet only the people.
            if (member.Id == turn.Activity.Recipient?.Id) continue;
            await turn.SendActivityAsync(Localized(turn, language, "welcome.greeting"), cancellationToken);
        }
    }

    private Task AnswerAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var language = Language.FromLocale(turn.Activity.Locale);
        return turn.SendActivityAsync(Localized(turn, language, "message.ready"), cancellationToken);
    }

    private Activity Localized(TurnContext turn, string language, string key)
    {
        var reply = turn.Activity.CreateReply(_strings.Get(language, key));
        reply.Locale = Language.ToLocale(language);
        return reply;
    }
}

/// <summary>Tells the user in their language that the turn failed.</summary>
public sealed class LocalizedTurnErrorReply(StringCatalog strings) : ITurnErrorReply
{
    public Activity Create(TurnContext turn)
    {
        var language = Language.FromLocale(turn.Activity.Locale);
        var reply = turn.Activity.CreateReply(strings.Get(language, "error.turnFailed"));
        reply.Locale = Language.ToLocale(language);
        return reply;
    }
}
