using System.Text;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Queues;

namespace SupportBot.Dialogs.Agents;

/// <summary>
/// "@SupportBot use this channel for partner helpdesk" (or the 21Vianet desk; in any of our languages) said in a
/// Teams team channel: the channel becomes where that queue's requests are posted. Kept in storage, so it
/// survives restarts, and it wins over configuration. Only a configured agent may choose.
/// </summary>
public sealed class QueueCapture(QueueDirectory queues, Replies replies, SupportSession session, TimeProvider time)
{
    private readonly IReadOnlyList<(AgentQueue Queue, string Phrase)> _phrases = Language.All
        .SelectMany(language => Enum.GetValues<AgentQueue>().SelectMany(queue =>
            replies.Text(language, $"agents.capture.phrases.{queue}").Split('|').Select(phrase => (queue, Normalize(phrase)))))
        .ToList();

    public bool Matches(Activity activity) =>
        activity.IsType(ActivityTypes.Message) && activity.ChannelId == Channels.MsTeams && activity.Value is null && QueueOf(activity) is not null;

    public async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var queue = QueueOf(activity)!.Value;
        var language = session.LanguageOf(turn);
        var queueName = replies.Text(language, $"agents.queue.{queue}");
        var teams = activity.GetChannelData<TeamsChannelData>();
        if (teams?.Team?.Id is not { } teamId || teams.Channel?.Id is not { } channelId || activity.ServiceUrl is not { } serviceUrl)
        {
            await turn.SendActivityAsync(replies.Say(turn, language, "agents.capture.notChannel"), cancellationToken);
            return;
        }
        if (session.RoleOf(turn) != GuideRole.Agent && !queues.IsConfiguredAgent(activity.From))
        {
            await turn.SendActivityAsync(replies.Say(turn, language, "agents.capture.refused", queueName), cancellationToken);
            return;
        }
        var tenant = activity.GetTenantId();
        await queues.CaptureAsync(queue, new CapturedQueueChannel(teamId, channelId, serviceUrl, tenant, language,
            activity.From?.Name ?? activity.From?.Id ?? "", time.GetUtcNow()), cancellationToken);
        await turn.SendActivityAsync(replies.Say(turn, language, "agents.capture.done", queueName), cancellationToken);
    }

    private AgentQueue? QueueOf(Activity activity)
    {
        var text = Normalize(activity.GetTextWithoutBotMention());
        if (text.Length == 0) return null;
        foreach (var (queue, phrase) in _phrases)
            if (text == phrase) return queue;
        return null;
    }

    /// <summary>Case, width, spaces and punctuation do not matter ("Use this channel for the 21Vianet desk." = "use this channel for the 21vianet desk").</summary>
    private static string Normalize(string? text)
    {
        var normalized = new StringBuilder();
        foreach (var character in (text ?? "").Normalize(NormalizationForm.FormKC).ToLowerInvariant())
            if (!char.IsWhiteSpace(character) && !char.IsPunctuation(character)) normalized.Append(character);
        return normalized.ToString();
    }
}
