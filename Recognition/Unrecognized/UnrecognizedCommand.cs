using System.Globalization;
using SupportBot.Storage;

namespace SupportBot.Recognition.Unrecognized;

/// <summary>
/// <c>dotnet run -- unrecognized [--language TAG] [--top N] [--days D]</c>: the texts the bot did not understand most
/// often, per language, from the database the bot uses (the same configuration: appsettings, environment, and
/// <c>--Storage:…=…</c> overrides). Rows past the retention limit are deleted first.
/// </summary>
public static class UnrecognizedCommand
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        string? language = null;
        int top = 20, days = -1;
        var configurationArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--language" when Localization.Language.Normalize(value) is { } parsed:
                    language = parsed;
                    i++;
                    break;
                case "--top" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0:
                    top = n;
                    i++;
                    break;
                case "--days" when int.TryParse(value, CultureInfo.InvariantCulture, out var d) && d > 0:
                    days = d;
                    i++;
                    break;
                case var arg when arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=') && arg.Contains(':'):
                    configurationArgs.Add(arg);
                    break;
                default:
                    await errors.WriteLineAsync("usage: dotnet run -- unrecognized [--language en|zh-Hans|ja (or en-US, zh-CN, ja-JP…)] [--top N] [--days D] [--Storage:Provider=… --Storage:SqlitePath=…]");
                    return 2;
            }
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. configurationArgs] });
        builder.Logging.ClearProviders();
        builder.Services.AddSupportStorage(builder.Configuration);
        var options = builder.Configuration.GetSection(UnrecognizedOptions.Section).Get<UnrecognizedOptions>() ?? new UnrecognizedOptions();
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<IUnrecognizedStore>();
        var now = DateTimeOffset.UtcNow;
        await store.DeleteOlderThanAsync(now.AddDays(-options.RetentionDays));
        var since = now.AddDays(-(days > 0 ? Math.Min(days, options.RetentionDays) : options.RetentionDays));

        var languages = language is null ? Localization.Language.All : [language];
        foreach (var lang in languages)
        {
            var rows = await store.MostFrequentAsync(lang, since, top);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{lang}: {rows.Count} most frequent not understood since {since:yyyy-MM-dd} (retention {options.RetentionDays} days)"));
            if (rows.Count == 0) await output.WriteLineAsync("  (none)");
            foreach (var row in rows)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {row.Count,5}×  {OneLine(row.Text)}   (guess {row.IntentGuessed} {row.MeanScore:F2}, last {row.LastSeen:yyyy-MM-dd HH:mm} UTC)"));
        }
        return 0;
    }

    // Rows are user text: shown as one plain line, control characters as spaces.
    private static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
