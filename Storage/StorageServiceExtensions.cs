using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Bot.State;
using SupportBot.Bot.Turn;
using SupportBot.Insights;
using SupportBot.Recognition.Unrecognized;
using SupportBot.Requests;

namespace SupportBot.Storage;

public static class StorageServiceExtensions
{
    /// <summary>
    /// Registers the durable stores. <c>Storage:Provider</c> picks where conversation state lives: <c>Sqlite</c>
    /// (default, one instance) or <c>Postgres</c> (several instances), and the request store and outbox with it.
    /// </summary>
    public static IServiceCollection AddSupportStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        services.Configure<StorageOptions>(section);
        var options = section.Get<StorageOptions>() ?? new StorageOptions();

        services.AddSingleton<SqliteDatabase>();
        services.Configure<RequestOptions>(configuration.GetSection(RequestOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        if (string.Equals(options.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
                throw new InvalidOperationException("Storage:Provider is Postgres but Storage:PostgresConnectionString is empty; set it (e.g. environment variable Storage__PostgresConnectionString).");
            services.AddSingleton(_ => NpgsqlDataSource.Create(options.PostgresConnectionString));
            services.AddSingleton<IStorage>(provider => new PostgresStorage(provider.GetRequiredService<NpgsqlDataSource>()));
            // Several instances share the database: a conversation's turns wait for each other across them.
            services.AddSingleton<ISharedConversationLock, PostgresConversationLock>();
            services.AddSingleton<IRequestStore>(provider => new PostgresRequestStore(
                provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IOptions<RequestOptions>>(), provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IUnrecognizedStore>(provider => new PostgresUnrecognizedStore(provider.GetRequiredService<NpgsqlDataSource>()));
            services.TryAddSingleton<IInsightsStore>(provider => new PostgresInsightsStore(provider.GetRequiredService<NpgsqlDataSource>()));
        }
        else if (string.Equals(options.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IStorage, SqliteStorage>();
            services.AddSingleton<IRequestStore, SqliteRequestStore>();
            services.AddSingleton<IUnrecognizedStore, SqliteUnrecognizedStore>();
            services.TryAddSingleton<IInsightsStore>(provider => new SqliteInsightsStore(provider.GetRequiredService<SqliteDatabase>()));
        }
        else
            throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is unknown; use Sqlite or Postgres.");
        return services;
    }
}
