using SupportBot.Storage;

namespace SupportBot;

/// <summary>
/// Commands of <c>dotnet run -- &lt;command&gt; …</c> that do a job and exit instead of starting the bot
/// (evaluation, packaging, benchmarks, personal data). Each returns the process exit code.
/// </summary>
public static class CommandLine
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["teams-package"] = Packaging.TeamsAppPackage.RunAsync,
        ["eval-intents"] = Recognition.IntentEvaluation.RunAsync,
        ["personal-data"] = args => Requests.Privacy.PersonalDataCommand.RunAsync(args, (services, configuration) => services.AddSupportStorage(configuration)),
        ["unrecognized"] = Recognition.Unrecognized.UnrecognizedCommand.RunAsync,
        ["insights-bench"] = args => Insights.InsightsBenchCommand.RunAsync(args, path =>
        {
            var database = new SqliteDatabase(path);
            return new(new SqliteInsightsStore(database), new SqliteUnrecognizedStore(database), database);
        }),
    };

    public static bool TryGet(string name, out Func<string[], Task<int>> run) => Commands.TryGetValue(name, out run!);
}
