using SupportBot.Notifications;
using SupportBot.Requests.Outbox;

namespace SupportBot.Dialogs.Agents;

public static class AgentServiceExtensions
{
    /// <summary>Registers the agents' side: channel notifications, card actions, queue capture and the requester updates.</summary>
    public static IServiceCollection AddAgentDesk(this IServiceCollection services)
    {
        services.AddSingleton<AgentCards>();
        services.AddSingleton<AgentNotificationSender>();
        services.AddSingleton<IOutboxSender>(sp => sp.GetRequiredService<AgentNotificationSender>());
        services.AddSingleton<IOutboxSender, RequesterUpdateSender>();
        services.AddSingleton<IRequesterUpdateRenderer, AgentActionUpdates>();
        services.AddSingleton<AgentActions>();
        services.AddSingleton<QueueCapture>();
        services.AddSingleton<AgentDeskGreeting>();
        return services;
    }
}
