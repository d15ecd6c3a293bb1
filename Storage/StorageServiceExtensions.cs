using Npgsql;
using SupportBot.Bot.State;

namespace SupportBot.Storage;

public static class StorageServiceExtensions
{
    /// <summary>Registers the durable stores picked by <c>Storage:Provider</c>: <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public static IServiceCollection AddSupportStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        services.Configure<StorageOptions>(section);
        var options = section.Get<StorageOptions>() ?? new StorageOptions();
        // Stores that only exist on SQLite still find their database whichever provider holds the state.
        services.AddSingleton<SqliteDatabase>();

        if (string.Equals(options.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
                throw new InvalidOperationException("Storage:Provider is Postgres but Storage:PostgresConnectionString is empty; set it (e.g. environment variable Storage__PostgresConnectionString).");
            services.AddSingleton(_ => NpgsqlDataSource.Create(options.PostgresConnectionString));
            services.AddSingleton<IStorage>(provider => new PostgresStorage(provider.GetRequiredService<NpgsqlDataSource>()));
            return services;
        }

        if (!string.Equals(options.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is unknown; use Sqlite or Postgres.");
        services.AddSingleton<IStorage, SqliteStorage>();
        return services;
    }
}
