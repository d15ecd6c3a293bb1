using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Dialogs.Agents;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;

namespace SupportBot.Dialogs;

/// <summary>Conversation facts that are not part of a dialog.</summary>
public sealed class ConversationFlags
{
    public const string StateProperty = "conversationFlags";

    public bool Welcomed { get; set; }

    /// <summary>Messages in a row the bot did not understand; the third offers a person.</summary>
    public int Misses { get; set; }
}

/// <summary>
/// The welcome card and the topic menu: on install, when people join, or on the first message. What a person
/// sees depends on their role: customers get the customer guides, partners the partner ones too; an agents' team
/// gets the agents' desk greeting (<see cref="AgentDeskGreeting"/>) instead.
/// </summary>
public sealed class WelcomeFlow(Replies replies, SupportSession session, GuideCatalog guides, AgentDeskGreeting agentDesk)
{
    /// <summary>Greets once per conversation: in channels only when the bot itself is added, elsewhere when anyone is.</summary>
    public async Task OnMembersAddedAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var botId = activity.Recipient?.Id;
        var added = activity.MembersAdded ?? [];
        var botAdded = added.Any(member => member.Id == botId);
        var personAdded = added.Any(member => member.Id != botId);
        var isChannel = activity.Conversation?.ConversationType is "channel" or "groupChat" || activity.Conversation?.IsGroup == true;
        if (isChannel ? botAdded : botAdded || personAdded) await WelcomeOnceAsync(turn, cancellationToken);
    }

    public async Task OnInstallationUpdateAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.Action is Bot.Schema.InstallationUpdateActions.Add or "add-upgrade") await WelcomeOnceAsync(turn, cancellationToken);
    }

    /// <summary>The welcome card, unless this conversation already had it. Returns whether it was sent.</summary>
    public async Task<bool> WelcomeOnceAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var flags = turn.State.Conversation.Get<ConversationFlags>(ConversationFlags.StateProperty);
        if (flags.Welcomed) return false;
        flags.Welcomed = true;
        if (await agentDesk.TryGreetAsync(turn, cancellationToken)) return true;
        // zh-TW, zh-HK, zh-Hant: we have no Traditional strings; say so once, politely, before the welcome.
        if (Language.IsTraditionalChinese(turn.Activity.Locale) && SupportSession.Profile(turn).Language is null)
            await turn.SendActivityAsync(replies.Say(turn, session.LanguageOf(turn), "language.traditionalChinese"), cancellationToken);
        await SendWelcomeAsync(turn, cancellationToken);
        return true;
    }

    public Task SendWelcomeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var language = session.LanguageOf(turn);
        var role = session.RoleOf(turn);
        var card = MenuCard.Build(language, replies.Text(language, "welcome.title"),
            [replies.Text(language, $"welcome.{RoleKey(role)}.line"), replies.Text(language, "welcome.topics")],
            TopicButtons(language, role), FooterButtons(turn, language, role));
        return turn.SendActivityAsync(replies.Card(turn, language, card), cancellationToken);
    }

    /// <summary>The short menu: a line (e.g. "I didn't get that") and the topic buttons.</summary>
    public Task SendMenuAsync(TurnContext turn, string line, CancellationToken cancellationToken)
    {
        var language = session.LanguageOf(turn);
        var role = session.RoleOf(turn);
        var card = MenuCard.Build(language, null, [line], TopicButtons(language, role), FooterButtons(turn, language, role));
        return turn.SendActivityAsync(replies.Card(turn, language, card), cancellationToken);
    }

    private IEnumerable<CardButton> TopicButtons(string language, GuideRole role) =>
        guides.ForRole(role, language).Select(guide => new CardButton(guide.Title, new Topic(Topic.Guide, guide.Id).ToData()));

    private IEnumerable<CardButton> FooterButtons(TurnContext turn, string language, GuideRole role)
    {
        yield return new CardButton(replies.Text(language, "menu.status"), new Topic(Topic.Status).ToData());
        if (role != GuideRole.Agent) yield return new CardButton(replies.Text(language, "menu.agent"), new Topic(Topic.Agent).ToData());
        yield return new CardButton(replies.Text(language, "menu.help"), new Topic(Topic.Help).ToData());
        if (role == GuideRole.Customer && SupportSession.CanClaimPartner(turn))
            yield return new CardButton(replies.Text(language, "welcome.claimPartner"), new Topic(Topic.ClaimPartner).ToData());
        foreach (var other in Language.All.Where(other => other != language))
            yield return new CardButton(replies.Text(other, $"language.name.{other}"), new Topic(Topic.Language, other).ToData());
    }

    public static string RoleKey(GuideRole role) => WireNames.Of(RequesterIdentity.RoleOf(role));
}
