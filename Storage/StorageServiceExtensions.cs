using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Bot.State;
using SupportBot.Requests;

namespace SupportBot.Storage;

public static class StorageServiceExtensions
{
    /// <summary>Registers the durable stores picked by <c>Storage:Provider</c> (SQLite unless told otherwise).</summary>
    public static IServiceCollection AddSupportStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStorage, SqliteStorage>();
        services.Configure<RequestOptions>(configuration.GetSection(RequestOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IRequestStore, SqliteRequestStore>();
        return services;
    }
}
