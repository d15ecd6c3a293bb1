using SupportBot.Dialogs.Guides;

namespace SupportBot.Dialogs;

public static class DialogServiceExtensions
{
    /// <summary>Registers the support flows, their content (strings, guides) and the services they share.</summary>
    public static IServiceCollection AddSupportDialogs(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RoleOptions>(configuration.GetSection(RoleOptions.Section));
        services.AddSingleton(_ => Localization.StringCatalog.Load());
        services.AddSingleton(_ => GuideCatalog.Load());
        services.AddSingleton<SupportSession>();
        services.AddSingleton<Replies>();
        services.AddSingleton<CommandWords>();
        services.AddSingleton<RequestViews>();
        services.AddSingleton<RequestFormCards>();
        services.AddSingleton<SupportPromptMessages>();
        services.AddSingleton<ConversationInsights>();
        services.AddSingleton<AnswerFeedback>();
        services.AddSingleton<WelcomeFlow>();
        services.AddSingleton<MainFlow>();
        services.AddSingleton<KnowledgeArticles>();
        services.AddSingleton<SelfHelpFlow>();
        services.AddSingleton<EscalationPrecheckFlow>();
        services.AddSingleton<RequestFormFlow>();
        services.AddSingleton<StatusFlow>();
        services.AddRequesterRelay(configuration);
        services.AddSingleton<SupportDialog>();
        services.AddSingleton<Interruptions>();
        services.AddSingleton<StaleSubmits>();
        services.AddSingleton<Bot.Turn.ITurnErrorReply, LocalizedTurnErrorReply>();
        return services;
    }
}
