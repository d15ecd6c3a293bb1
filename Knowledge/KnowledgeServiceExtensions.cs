namespace SupportBot.Knowledge;

public static class KnowledgeServiceExtensions
{
    /// <summary>The articles (read at start, reloaded on change) and the optional generated answers.</summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KnowledgeOptions>(configuration.GetSection(KnowledgeOptions.Section));
        services.Configure<GeneratedAnswerOptions>(configuration.GetSection(GeneratedAnswerOptions.Section));
        services.AddSingleton<KnowledgeBase>();
        services.AddSingleton<ArticleDrafts>();
        services.AddHostedService<KnowledgeWatcher>();
        services.AddHttpClient(GeneratedAnswers.HttpClientName);
        services.AddSingleton<GeneratedAnswers>();
        return services;
    }
}
