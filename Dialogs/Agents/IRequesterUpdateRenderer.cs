using SupportBot.Bot.Schema;
using SupportBot.Requests;

namespace SupportBot.Dialogs.Agents;

/// <summary>
/// Renders some <see cref="RequesterUpdate"/> events as the message the requester reads, in <paramref name="language"/>.
/// The extension point of the requester side: register one per group of events; every event must have exactly one
/// renderer. (The same shape as the agents' side's declaration; whichever lands second drops its copy.)
/// </summary>
public interface IRequesterUpdateRenderer
{
    IReadOnlyCollection<string> Events { get; }

    Activity Render(ServiceRequest request, RequesterUpdate update, string language);
}
