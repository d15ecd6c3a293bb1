using SupportBot.Notifications;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Agents;

namespace SupportBot.Dialogs;

public static class RelayServiceExtensions
{
    /// <summary>The requester's side of the agent handoff: live chat and relay, answers to agents, after-resolution actions, handoff events.</summary>
    public static IServiceCollection AddRequesterRelay(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HandoffOptions>(configuration.GetSection(HandoffOptions.Section));
        services.AddSingleton<HandoffEvents>();
        services.AddSingleton<RequesterChat>();
        services.AddSingleton<AgentThreadRelay>();
        services.AddSingleton<ResolutionActions>();
        services.AddSingleton<IRequesterUpdateRenderer, LiveChatUpdateRenderer>();
        services.AddSingleton<ITurnMiddleware, TranscriptMiddleware>();
        return services;
    }
}
