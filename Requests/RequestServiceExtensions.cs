using Microsoft.Extensions.Options;
using SupportBot.Requests.Escalation;

namespace SupportBot.Requests;

public static class RequestServiceExtensions
{
    /// <summary>Registers request handling: options and the escalation sink picked by configuration.</summary>
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
        return services;
    }
}
