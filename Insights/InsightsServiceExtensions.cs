using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Requests;

namespace SupportBot.Insights;

public static class InsightsServiceExtensions
{
    /// <summary>
    /// The /insights page and its data: the insights store on the configured storage, the recorder (and the request
    /// store wrapped to feed it), the service targets (checked at start), access, and the metrics. After AddSupportStorage.
    /// </summary>
    public static IServiceCollection AddInsights(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceTargets>().Bind(configuration.GetSection(ServiceTargets.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceTargets>, ServiceTargetsValidation>();
        services.Configure<InsightsAccessOptions>(configuration.GetSection(InsightsAccessOptions.Section));
        InsightsAccess.AddSignIn(services, configuration);

        // The insights store itself comes with the configured storage (AddSupportStorage).
        services.AddSingleton<InsightsMetrics>();
        services.AddSingleton<InsightsRecorder>();
        services.AddHostedService(provider => provider.GetRequiredService<InsightsRecorder>());
        services.AddHostedService<InsightsGaugeRefresher>();
        services.AddSingleton<InsightsAccess>();
        services.AddSingleton<InsightsReports>();
        services.AddSingleton<InsightsPage>();

        // Every request change reaches the recorder: the registered store, wrapped.
        var registered = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IRequestStore))
            ?? throw new InvalidOperationException("AddInsights needs the request store: call AddSupportStorage first.");
        services.Remove(registered);
        services.AddSingleton<IRequestStore>(provider => new InsightsRequestStore(Resolve(provider, registered), provider.GetRequiredService<InsightsRecorder>()));
        return services;
    }

    private static IRequestStore Resolve(IServiceProvider provider, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IRequestStore instance } => instance,
        { ImplementationFactory: { } factory } => (IRequestStore)factory(provider),
        { ImplementationType: { } type } => (IRequestStore)ActivatorUtilities.CreateInstance(provider, type),
        _ => throw new InvalidOperationException("The request store's registration is not one AddInsights can wrap."),
    };
}
