using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Localization;

namespace SupportBot.Dialogs;

/// <summary>Localized text and messages for the flows: every string comes from Content/strings.</summary>
public sealed class Replies(StringCatalog strings)
{
    public StringCatalog Strings { get; } = strings;

    public string Text(string language, string key, params object?[] args) => Strings.Get(language, key, args);

    // A lookup, not Keys(): card renderers ask for every field's label and hint, and Keys() copies the whole catalog.
    public string? TryText(string language, string key) => Strings.Find(language, key);

    public Activity Message(TurnContext turn, string language, string? text)
    {
        var reply = turn.Activity.CreateReply(text);
        reply.Locale = Language.ToLocale(language);
        reply.ReplyToId = null;
        // Our strings use no markdown; the names, ids and words of users they carry must not become any (a link, bold).
        reply.TextFormat = TextFormatTypes.Plain;
        return reply;
    }

    public Activity Say(TurnContext turn, string language, string key, params object?[] args) => Message(turn, language, Text(language, key, args));

    public Activity Card(TurnContext turn, string language, AdaptiveCard card)
    {
        var reply = Message(turn, language, text: null);
        reply.Attachments = [card.ToAttachment()];
        return reply;
    }
}
