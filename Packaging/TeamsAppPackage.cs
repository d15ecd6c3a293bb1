using System.IO.Compression;
using System.Text;

namespace SupportBot.Packaging;

/// <summary>The Teams app's own settings (section <c>TeamsApp</c>); the bot id comes from <c>Bot:MicrosoftAppId</c>.</summary>
public sealed class TeamsAppOptions
{
    public const string Section = "TeamsApp";

    /// <summary>The Teams app id (a GUID, the manifest <c>id</c>); distinct from the bot's Microsoft App ID.</summary>
    public string? AppId { get; set; }

    /// <summary>The host name the bot is served from, e.g. <c>supportbot.contoso.cn</c> (no scheme, no path).</summary>
    public string? Domain { get; set; }
}

/// <summary>The values put into the manifest template's <c>${{…}}</c> placeholders.</summary>
public sealed record TeamsAppValues(string TeamsAppId, string BotAppId, string Domain)
{
    /// <summary>Reads and checks the values; the exception lists every missing or malformed setting at once.</summary>
    public static TeamsAppValues FromConfiguration(IConfiguration configuration)
    {
        var teamsApp = configuration.GetSection(TeamsAppOptions.Section).Get<TeamsAppOptions>() ?? new TeamsAppOptions();
        var botAppId = configuration["Bot:MicrosoftAppId"];
        var problems = new List<string>();
        CheckGuid(teamsApp.AppId, "TeamsApp:AppId", "the Teams app id", problems);
        CheckGuid(botAppId, "Bot:MicrosoftAppId", "the bot's Microsoft App ID", problems);
        CheckDomain(teamsApp.Domain, problems);
        if (problems.Count > 0) throw new TeamsPackageException(problems);
        return new TeamsAppValues(teamsApp.AppId!.Trim(), botAppId!.Trim(), teamsApp.Domain!.Trim());
    }

    private static void CheckGuid(string? value, string key, string meaning, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value)) problems.Add($"{key} is missing: set it to {meaning} (a GUID) in appsettings.json or the environment variable {key.Replace(":", "__")}.");
        // Manifest "guid" definition: 8-4-4-4-12 hex digits (MicrosoftTeams.schema.v1.29.json).
        else if (!Guid.TryParseExact(value.Trim(), "D", out _)) problems.Add($"{key} = '{value}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).");
    }

    private static void CheckDomain(string? value, List<string> problems)
    {
        const string key = "TeamsApp:Domain";
        if (string.IsNullOrWhiteSpace(value))
            problems.Add($"{key} is missing: set it to the bot's host name (e.g. supportbot.contoso.cn) in appsettings.json or the environment variable TeamsApp__Domain.");
        // validDomains and the developer URLs want a bare host name (PROTOCOL.md §4.8).
        else if (Uri.CheckHostName(value.Trim()) != UriHostNameType.Dns)
            problems.Add($"{key} = '{value}' is not a host name: give only the host, without https:// or a path.");
    }
}

public sealed class TeamsPackageException(IReadOnlyList<string> problems)
    : Exception("The Teams app package cannot be built:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(problem => "  - " + problem)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Builds the Teams app package (PROTOCOL.md §4.8): manifest.json with its placeholders filled, the localization
/// files and both icons, flat in one zip, as Teams expects for upload.
/// </summary>
public static class TeamsAppPackage
{
    public const string ManifestFolder = "manifest";
    public const string DefaultOutput = "artifacts/supportbot-teams-app.zip";

    public static readonly IReadOnlyList<string> Entries = ["manifest.json", "zh-cn.json", "ja-jp.json", "color.png", "outline.png"];

    /// <summary><c>dotnet run -- teams-package [output.zip]</c>: reads appsettings and the environment, writes the zip.</summary>
    public static Task<int> RunAsync(string[] args)
    {
        var output = Path.GetFullPath(args.FirstOrDefault() ?? DefaultOutput);
        try
        {
            var values = TeamsAppValues.FromConfiguration(LoadConfiguration(Directory.GetCurrentDirectory()));
            var manifestDirectory = FindManifestDirectory();
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            using (var file = File.Create(output))
                Write(manifestDirectory, values, file);
            Console.WriteLine($"Teams app package written to {output} (app {values.TeamsAppId}, bot {values.BotAppId}, domain {values.Domain}).");
            return Task.FromResult(0);
        }
        catch (TeamsPackageException error)
        {
            Console.Error.WriteLine(error.Message);
            return Task.FromResult(1);
        }
    }

    /// <summary>The same sources as the running bot: appsettings.json, appsettings.{environment}.json, environment variables.</summary>
    public static IConfiguration LoadConfiguration(string contentRoot)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }

    /// <summary>Writes the package; every text entry has its placeholders filled and none may remain.</summary>
    public static void Write(string manifestDirectory, TeamsAppValues values, Stream destination)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var name in Entries)
        {
            var source = Path.Combine(manifestDirectory, name);
            if (!File.Exists(source)) throw new TeamsPackageException([$"{source} is missing."]);
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            using var target = entry.Open();
            if (name.EndsWith(".json", StringComparison.Ordinal))
            {
                var filled = Fill(File.ReadAllText(source, Encoding.UTF8), values, name);
                target.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(filled));
            }
            else
            {
                using var icon = File.OpenRead(source);
                icon.CopyTo(target);
            }
        }
    }

    public static string Fill(string template, TeamsAppValues values, string fileName = "manifest.json")
    {
        var filled = template
            .Replace("${{TEAMS_APP_ID}}", values.TeamsAppId, StringComparison.Ordinal)
            .Replace("${{BOT_APP_ID}}", values.BotAppId, StringComparison.Ordinal)
            .Replace("${{BOT_DOMAIN}}", values.Domain, StringComparison.Ordinal);
        var left = filled.IndexOf("${{", StringComparison.Ordinal);
        if (left >= 0)
        {
            var end = filled.IndexOf("}}", left, StringComparison.Ordinal);
            throw new TeamsPackageException([$"{fileName} has a placeholder nobody fills: {filled[left..(end < 0 ? filled.Length : end + 2)]}"]);
        }
        return filled;
    }

    /// <summary>manifest/ under the current directory (dotnet run from the repo), else above the binaries.</summary>
    public static string FindManifestDirectory()
    {
        var here = Path.Combine(Directory.GetCurrentDirectory(), ManifestFolder);
        if (File.Exists(Path.Combine(here, "manifest.json"))) return here;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ManifestFolder);
            if (File.Exists(Path.Combine(candidate, "manifest.json"))) return candidate;
        }
        throw new TeamsPackageException([$"No {ManifestFolder}/manifest.json found under {Directory.GetCurrentDirectory()}; run the command from the repository root."]);
    }
}
