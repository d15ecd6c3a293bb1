using Microsoft.Extensions.Options;
using SupportBot.Bot.State;

namespace SupportBot.Storage;

public static class StorageServiceExtensions
{
    /// <summary>Registers the durable stores picked by <c>Storage:Provider</c> (SQLite unless told otherwise).</summary>
    public static IServiceCollection AddSupportStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStorage, SqliteStorage>();
        return services;
    }
}
