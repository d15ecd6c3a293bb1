using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Guides;
using SupportBot.Requests;
using SupportBot.Requests.Queues;

namespace SupportBot.Dialogs.Agents;

/// <summary>
/// The bot added to an agents' team (a queue's team, configured or captured, or installed there by an agent) greets
/// the agents' desk: what the channel will get and how to choose it, in the queue's language. The customer menu
/// ("I'm a CSP partner", "Talk to a person") has no place in the agents' channel.
/// </summary>
public sealed class AgentDeskGreeting(QueueDirectory queues, Replies replies, SupportSession session)
{
    /// <summary>Sends the agents' greeting when this is an agents' team; returns whether it did.</summary>
    public async Task<bool> TryGreetAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.ChannelId != Channels.MsTeams || activity.GetChannelData<TeamsChannelData>()?.Team?.Id is not { } teamId) return false;

        foreach (var queue in Enum.GetValues<AgentQueue>())
        {
            var channel = await queues.GetAsync(queue, cancellationToken);
            if (channel.TeamId != teamId) continue;
            var language = channel.Language;
            object?[] queueArgs = [replies.Text(language, $"agents.queue.{queue}"), ..Buttons(language), CapturePhrase(language, queue)];
            await turn.SendActivityAsync(replies.Say(turn, language, "agents.desk.welcome", queueArgs), cancellationToken);
            return true;
        }

        if (session.RoleOf(turn) != GuideRole.Agent && !queues.IsConfiguredAgent(activity.From)) return false;
        var spoken = session.LanguageOf(turn);
        object?[] args = [CapturePhrase(spoken, AgentQueue.PartnerHelpdesk), CapturePhrase(spoken, AgentQueue.VianetDesk), ..Buttons(spoken)];
        await turn.SendActivityAsync(replies.Say(turn, spoken, "agents.desk.welcome.notQueue", args), cancellationToken);
        return true;
    }

    /// <summary>The card's buttons, named as the card names them.</summary>
    private string[] Buttons(string language) =>
        [replies.Text(language, "agents.action.take"), replies.Text(language, "agents.action.ask"), replies.Text(language, "agents.action.resolve")];

    /// <summary>The first of the phrases <see cref="QueueCapture"/> understands for <paramref name="queue"/>.</summary>
    private string CapturePhrase(string language, AgentQueue queue) =>
        replies.Text(language, $"agents.capture.phrases.{queue}").Split('|')[0];
}
