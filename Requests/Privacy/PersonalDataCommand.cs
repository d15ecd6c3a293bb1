using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Schema;

namespace SupportBot.Requests.Privacy;

/// <summary>
/// <c>dotnet run -- personal-data export &lt;userId&gt; [file]</c> writes one person's data as JSON (to the file, or to
/// standard output); <c>dotnet run -- personal-data delete &lt;userId&gt;</c> deletes it. The bot's own settings decide
/// which storage (appsettings.json, environment variables, and <c>--Section:Key value</c> after the arguments), so
/// the command works on SQLite and on PostgreSQL alike. Exit code 0 on success, 2 on wrong arguments.
/// </summary>
public static class PersonalDataCommand
{
    private const string Usage = "usage: dotnet run -- personal-data export <userId> [file] | personal-data delete <userId>   [--Storage:Provider Postgres …]";

    /// <param name="addStorage">Registers the configured storage (the caller's choice: Requests knows no store).</param>
    public static async Task<int> RunAsync(string[] args, Action<IServiceCollection, IConfiguration> addStorage)
    {
        var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var (verb, userId, file) = positional switch
        {
            ["export", var user] => ("export", user, null),
            ["export", var user, var path] => ("export", user, path),
            ["delete", var user] => ("delete", user, (string?)null),
            _ => (null, null, null),
        };
        if (verb is null || string.IsNullOrWhiteSpace(userId))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args[positional.Length..], ContentRootPath = Directory.GetCurrentDirectory() });
        addStorage(builder.Services, builder.Configuration);
        builder.Services.Configure<DirectLineOptions>(builder.Configuration.GetSection(DirectLineOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DirectLineConversationStore>();
        builder.Services.AddSingleton<PersonalDataRecords>();
        await using var services = builder.Services.BuildServiceProvider();
        var records = services.GetRequiredService<PersonalDataRecords>();

        if (verb == "delete")
        {
            var deleted = await records.DeleteAsync(userId, CancellationToken.None);
            Console.WriteLine($"Deleted for {userId}: {deleted.Requests} requests (with their notes, history and outbox messages), "
                + $"{deleted.StateItems} state items, {deleted.DirectLineConversations} Direct Line conversations.");
            return 0;
        }

        var export = await records.ExportAsync(userId, CancellationToken.None);
        var json = JsonSerializer.Serialize(export, new JsonSerializerOptions(ProtocolJson.Options) { WriteIndented = true });
        if (file is null) Console.WriteLine(json);
        else
        {
            await File.WriteAllTextAsync(file, json);
            Console.WriteLine($"Wrote {export.Requests.Count} requests and {export.DirectLine.Count} Direct Line conversations of {userId} to {file}.");
        }
        return 0;
    }
}
