using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Hosting;
using SupportBot.Requests.Escalation;
using SupportBot.Requests.Outbox;
using SupportBot.Requests.Queues;

namespace SupportBot.Requests;

public static class RequestServiceExtensions
{
    /// <summary>Registers request handling: options, the escalation sink picked by configuration, the agents' queues,
    /// the outbox worker and the readiness checks of storage, outbox and queues (the outbox's senders are registered by whoever renders each kind).</summary>
    public static IServiceCollection AddRequests(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PartnerCenterApiOptions>(configuration.GetSection(PartnerCenterApiOptions.Section));
        services.Configure<PartnerCenterAuthOptions>(configuration.GetSection(PartnerCenterAuthOptions.Section));
        services.AddHttpClient<IPartnerCenterTokenSource, RefreshTokenPartnerCenterTokenSource>();
        services.AddHttpClient<PartnerCenterServiceRequestSink>();
        services.AddSingleton<StoreEscalationSink>();
        services.AddSingleton<IEscalationSink>(sp => sp.GetRequiredService<IOptions<PartnerCenterApiOptions>>().Value.Enabled
            ? sp.GetRequiredService<PartnerCenterServiceRequestSink>()
            : sp.GetRequiredService<StoreEscalationSink>());
        services.Configure<QueueOptions>(configuration.GetSection(QueueOptions.Section));
        services.AddSingleton<QueueDirectory>();
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.AddSingleton<IOutboxSender, EscalationFilingSender>();
        services.AddSingleton<OutboxWorkerHeartbeat>();
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<QueueConfigurationReport>();
        services.AddHealthChecks()
            .AddCheck<RequestStorageHealthCheck>("request-storage", HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag], HealthEndpoints.CheckTimeout)
            .AddCheck<OutboxHealthCheck>("outbox", HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag], HealthEndpoints.CheckTimeout)
            .AddCheck<QueueHealthCheck>("agent-queues", HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag], HealthEndpoints.CheckTimeout);
        // After AddDirectLine's default: the web chat transcript is masked like the requests it leads to.
        services.AddSingleton<SupportBot.Bot.DirectLine.ITranscriptRedaction, Privacy.PersonalDataRedaction>();
        return services;
    }
}
