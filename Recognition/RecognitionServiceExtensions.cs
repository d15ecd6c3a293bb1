using System.Diagnostics;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Recognition.Clu;
using SupportBot.Recognition.Embedded;
using SupportBot.Recognition.Unrecognized;

namespace SupportBot.Recognition;

public static class RecognitionServiceExtensions
{
    /// <summary>
    /// Registers <see cref="IIntentRecognizer"/> (CLU with the embedded recognizer as fallback), bound from the
    /// "Recognition" section. The embedded model is trained when the host starts, not on the first message.
    /// </summary>
    public static IServiceCollection AddIntentRecognition(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecognitionOptions>(configuration.GetSection(RecognitionOptions.Section));
        services.Configure<CluOptions>(configuration.GetSection(CluOptions.Section));
        services.AddHttpClient(CluRecognizer.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var started = Stopwatch.GetTimestamp();
            var recognizer = EmbeddedRecognizer.Train(CluProject.LoadEmbedded());
            sp.GetRequiredService<ILogger<EmbeddedRecognizer>>().LogInformation(
                "Embedded recognizer trained on {Count} utterances in {Milliseconds:F0} ms.",
                recognizer.TrainingUtterances, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return recognizer;
        });
        services.AddSingleton(sp => new CluRecognizer(
            sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<CluOptions>>(), sp.GetService<TokenCredential>()));
        services.AddSingleton<CompositeRecognizer>();
        services.AddSingleton<IIntentRecognizer>(sp => sp.GetRequiredService<CompositeRecognizer>());
        services.AddHostedService<RecognizerStartup>();
        services.Configure<UnrecognizedOptions>(configuration.GetSection(UnrecognizedOptions.Section));
        // The store comes from AddSupportStorage; without it (some tests) nothing is kept.
        services.AddSingleton(sp => new UnrecognizedLog(sp.GetService<IUnrecognizedStore>(), sp.GetRequiredService<IOptions<UnrecognizedOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<UnrecognizedLog>>()));
        services.AddHostedService(sp => new UnrecognizedRetention(sp.GetService<IUnrecognizedStore>(), sp.GetRequiredService<IOptions<UnrecognizedOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<UnrecognizedRetention>>()));
        return services;
    }

    /// <summary>Trains the embedded model at start-up and says which recognizer will answer.</summary>
    private sealed class RecognizerStartup(EmbeddedRecognizer embedded, CluRecognizer clu, IOptions<CluOptions> options, ILogger<RecognizerStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = embedded; // injecting it was the point: the singleton factory has trained it
            if (clu.IsConfigured)
                logger.LogInformation("Intent recognition: CLU project {Project}/{Deployment} at {Endpoint}, embedded as fallback.",
                    options.Value.ProjectName, options.Value.DeploymentName, options.Value.ResolveEndpoint());
            else
                logger.LogInformation("Intent recognition: embedded only (Recognition:Clu is not configured).");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
