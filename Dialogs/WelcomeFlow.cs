using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Dialogs.Agents;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Recognition;
using SupportBot.Requests;

namespace SupportBot.Dialogs;

/// <summary>Conversation facts that are not part of a dialog.</summary>
public sealed class ConversationFlags
{
    public const string StateProperty = "conversationFlags";

    public bool Welcomed { get; set; }

    /// <summary>Messages in a row the bot did not understand; the third offers a person.</summary>
    public int Misses { get; set; }

    /// <summary>The person's last typed messages (masked, a few), for the agent who takes a live chat.</summary>
    public List<RequestNote> RecentMessages { get; set; } = [];

    /// <summary>The last intent the bot understood with confidence (a DESIGN.md intent name).</summary>
    public string? UnderstoodIntent { get; set; }

    private const int RecentKept = 5;
    private const int RecentLength = 500;

    /// <summary>Keeps what the person typed (masked by <see cref="RequestNote"/>) and what it was understood as.</summary>
    public void Heard(string by, DateTimeOffset at, string text, string? intent)
    {
        RecentMessages.Add(new RequestNote(by, at, text.Length > RecentLength ? text[..RecentLength] : text));
        if (RecentMessages.Count > RecentKept) RecentMessages.RemoveRange(0, RecentMessages.Count - RecentKept);
        if (intent is not null) UnderstoodIntent = intent;
    }
}

/// <summary>
/// The welcome card and the topic menu: on install, when people join, or on the first message. What a person
/// sees depends on their role: customers get the customer guides, partners the partner ones too; an agents' team
/// gets the agents' desk greeting (<see cref="AgentDeskGreeting"/>) instead.
/// </summary>
public sealed class WelcomeFlow(Replies replies, SupportSession session, GuideCatalog guides, AgentDeskGreeting agentDesk, ConversationInsights insights)
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
        insights.Started(turn);
        if (await agentDesk.TryGreetAsync(turn, cancellationToken)) return true;
        // zh-TW, zh-HK, zh-Hant: we have no Traditional strings; say so once, politely, before the welcome.
        if (Language.IsTraditionalChinese(turn.Activity.Locale) && SupportSession.Profile(turn).Language is null)
            await turn.SendActivityAsync(replies.Say(turn, session.LanguageOf(turn), "language.traditionalChinese"), cancellationToken);
        await SendWelcomeAsync(turn, cancellationToken);
        return true;
    }

    public Task SendWelcomeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        turn.Set(new WelcomedThisTurn());
        var language = session.LanguageOf(turn);
        var role = session.RoleOf(turn);
        var (topics, more) = TopicButtons(language, role);
        var card = MenuCard.Build(language, replies.Text(language, "welcome.title"),
            [replies.Text(language, $"welcome.{RoleKey(role)}.line"), replies.Text(language, "welcome.topics")],
            topics, more, FooterButtons(turn, language, role));
        return turn.SendActivityAsync(replies.Card(turn, language, card), cancellationToken);
    }

    /// <summary>
    /// A greeting after the welcome: a short line, not the whole card again (the card is still above, and "help" or
    /// "start over" bring the topics back). Nothing when the welcome went out in this very turn.
    /// </summary>
    public async Task GreetAgainAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Get<WelcomedThisTurn>() is not null) return;
        if (await WelcomeOnceAsync(turn, cancellationToken)) return;
        await turn.SendActivityAsync(replies.Say(turn, session.LanguageOf(turn), "welcome.again"), cancellationToken);
    }

    /// <summary>The short menu: a line (e.g. "I didn't get that") and the topic buttons.</summary>
    public Task SendMenuAsync(TurnContext turn, string line, CancellationToken cancellationToken)
    {
        var language = session.LanguageOf(turn);
        var role = session.RoleOf(turn);
        var (topics, more) = TopicButtons(language, role);
        var card = MenuCard.Build(language, null, [line], topics, more, FooterButtons(turn, language, role));
        return turn.SendActivityAsync(replies.Card(turn, language, card), cancellationToken);
    }

    /// <summary>
    /// The topics people in each role come for most, shown first (in this order); every other guide of the role is
    /// behind "More topics". Partners: their Partner Center tasks and escalations; customers: the self-help they
    /// need most often. Agents look requests up by number: all their topics wait behind "More topics".
    /// </summary>
    private static readonly IReadOnlyDictionary<GuideRole, string[]> FirstTopics = new Dictionary<GuideRole, string[]>
    {
        [GuideRole.Partner] = [Intents.PartnerCenterIssue, Intents.EscalateCustomerIssue, Intents.Billing, Intents.SubscriptionChange],
        [GuideRole.Customer] = [Intents.ServiceHealth, Intents.Connectivity, Intents.AccountSetup, Intents.Billing],
        [GuideRole.Agent] = [],
    };

    /// <summary>The role's guides split into the few shown first (in <see cref="FirstTopics"/> order) and the rest (menu order).</summary>
    public static (IReadOnlyList<Guide> First, IReadOnlyList<Guide> More) SplitTopics(IReadOnlyList<Guide> roleGuides, GuideRole role)
    {
        var first = FirstTopics[role];
        return (roleGuides.Where(guide => first.Contains(guide.Intent)).OrderBy(guide => Array.IndexOf(first, guide.Intent)).ToList(),
                roleGuides.Where(guide => !first.Contains(guide.Intent)).ToList());
    }

    private (IEnumerable<CardButton> First, MoreTopics More) TopicButtons(string language, GuideRole role)
    {
        var (first, more) = SplitTopics(guides.ForRole(role, language), role);
        return (first.Select(TopicButton), new MoreTopics(replies.Text(language, "welcome.moreTopics"), more.Select(TopicButton).ToList()));
    }

    public static CardButton TopicButton(Guide guide) => new(guide.Title, new Topic(Topic.Guide, guide.Id).ToData());

    private IEnumerable<CardButton> FooterButtons(TurnContext turn, string language, GuideRole role)
    {
        yield return new CardButton(replies.Text(language, "menu.status"), new Topic(Topic.Status).ToData());
        if (role != GuideRole.Agent) yield return new CardButton(replies.Text(language, "menu.agent"), new Topic(Topic.Agent).ToData());
        yield return new CardButton(replies.Text(language, "menu.help"), new Topic(Topic.Help).ToData());
        if (role == GuideRole.Customer && SupportSession.CanClaimPartner(turn))
            yield return new CardButton(replies.Text(language, "welcome.claimPartner"), new Topic(Topic.ClaimPartner).ToData());
        // The web chat page has its own language switch in its header: the card does not repeat it there.
        if (turn.Activity.ChannelId == Channels.DirectLine) yield break;
        foreach (var other in Language.All.Where(other => other != language))
            yield return new CardButton(replies.Text(other, $"language.name.{other}"), new Topic(Topic.Language, other).ToData());
    }

    /// <summary>Marks a turn that already sent the welcome card (a greeting in it needs no second answer).</summary>
    private sealed record WelcomedThisTurn;

    public static string RoleKey(GuideRole role) => WireNames.Of(RequesterIdentity.RoleOf(role));
}
