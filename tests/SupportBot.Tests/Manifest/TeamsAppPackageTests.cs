using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using NJsonSchema;
using SupportBot.Packaging;
using SupportBot.Tests.Cards;

namespace SupportBot.Tests.Manifest;

public sealed class TeamsAppPackageTests
{
    private static readonly TeamsAppValues TestValues = new("4b9d3a52-8f0e-4c1b-9a35-2d7e6f1c0a11", "0c7e2f4a-1b3d-4e5f-8a9b-6c7d8e9f0a1b", "supportbot.contoso.cn");

    private static readonly string ManifestDirectory = Path.Combine(SharedSchemas.RepoRoot(), "manifest");

    private static string Read(string name) => File.ReadAllText(Path.Combine(ManifestDirectory, name));

    private static JsonElement FilledManifest() => JsonDocument.Parse(TeamsAppPackage.Fill(Read("manifest.json"), TestValues)).RootElement;

    [Fact]
    public async Task The_filled_manifest_is_valid_against_the_v1_29_schema()
    {
        var schema = await JsonSchema.FromFileAsync(SharedSchemas.PathOf("MicrosoftTeams.schema.v1.29.json"));

        var errors = schema.Validate(TeamsAppPackage.Fill(Read("manifest.json"), TestValues));

        Assert.True(errors.Count == 0, string.Join('\n', errors.Select(error => $"{error.Path}: {error.Kind}")));
        // The validator bites: a misspelt property and a non-GUID bot id are refused.
        Assert.NotEmpty(schema.Validate(TeamsAppPackage.Fill(Read("manifest.json"), TestValues).Replace("\"accentColor\"", "\"accentColour\"")));
        Assert.NotEmpty(schema.Validate(TeamsAppPackage.Fill(Read("manifest.json"), TestValues with { BotAppId = "not-a-guid" })));
    }

    /// <summary>Issue 16 item 9: replies in a request's thread reach the bot without an @mention (README "Talking to a person").</summary>
    [Fact]
    public void The_manifest_asks_the_team_owner_for_channel_messages_with_resource_specific_consent_only()
    {
        var permissions = FilledManifest().GetProperty("authorization").GetProperty("permissions").GetProperty("resourceSpecific").EnumerateArray()
            .Select(permission => (permission.GetProperty("name").GetString(), permission.GetProperty("type").GetString())).ToList();

        Assert.Equal([("ChannelMessage.Read.Group", "Application")], permissions);
    }

    [Fact]
    public void The_manifest_declares_version_1_29_and_the_bot_with_three_scopes()
    {
        var manifest = FilledManifest();

        // The schema pins manifestVersion with "const", which a draft-04 validator ignores (schemas/README.md).
        Assert.Equal("1.29", manifest.GetProperty("manifestVersion").GetString());
        Assert.Equal("https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json", manifest.GetProperty("$schema").GetString());
        Assert.Equal(TestValues.TeamsAppId, manifest.GetProperty("id").GetString());
        var bot = manifest.GetProperty("bots")[0];
        Assert.Equal(TestValues.BotAppId, bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
        Assert.Equal([TestValues.Domain], manifest.GetProperty("validDomains").EnumerateArray().Select(domain => domain.GetString()));
        Assert.StartsWith($"https://{TestValues.Domain}/", manifest.GetProperty("developer").GetProperty("privacyUrl").GetString());
        var localization = manifest.GetProperty("localizationInfo");
        Assert.Equal("en-us", localization.GetProperty("defaultLanguageTag").GetString());
        Assert.Equal(["zh-cn:zh-cn.json", "ja-jp:ja-jp.json"], localization.GetProperty("additionalLanguages").EnumerateArray()
            .Select(language => $"{language.GetProperty("languageTag").GetString()}:{language.GetProperty("file").GetString()}"));
    }

    [Fact]
    public void Command_lists_keep_the_limits_and_cover_every_scope()
    {
        var lists = FilledManifest().GetProperty("bots")[0].GetProperty("commandLists").EnumerateArray().ToList();

        Assert.InRange(lists.Count, 1, 3);
        var scopes = lists.SelectMany(list => list.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString())).ToList();
        Assert.Equal(["groupChat", "personal", "team"], scopes.Order());
        foreach (var list in lists)
        {
            var commands = list.GetProperty("commands").EnumerateArray().ToList();
            // Manifest: ≤12 commands (PROTOCOL.md §4.8); the localization schema only addresses commands[0-9], titles ≤32, descriptions ≤128.
            Assert.InRange(commands.Count, 1, 10);
            Assert.All(commands, command => Assert.InRange(command.GetProperty("title").GetString()!.Length, 1, 32));
            Assert.All(commands, command => Assert.InRange(command.GetProperty("description").GetString()!.Length, 1, 128));
        }
        var personal = lists.Single(list => list.GetProperty("scopes")[0].GetString() == "personal").GetProperty("commands")
            .EnumerateArray().Select(command => command.GetProperty("title").GetString()).ToList();
        Assert.Subset(personal.ToHashSet(), new HashSet<string?> { "help", "billing", "service health", "new request", "escalate", "my requests", "talk to a person" });
    }

    [Theory]
    [InlineData("zh-cn.json")]
    [InlineData("ja-jp.json")]
    public void Each_localization_file_translates_the_names_and_exactly_the_manifest_commands(string file)
    {
        var manifest = FilledManifest();
        var strings = JsonDocument.Parse(Read(file)).RootElement.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString()!);

        // The rules of MicrosoftTeams.Localization.schema.json (v1.29) for the keys we use.
        Assert.Equal("https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.Localization.schema.json", strings["$schema"]);
        Assert.InRange(strings["name.short"].Length, 1, 30);
        Assert.InRange(strings["name.full"].Length, 1, 100);
        Assert.InRange(strings["description.short"].Length, 1, 80);
        Assert.InRange(strings["description.full"].Length, 1, 4000);
        var commandKey = new Regex(@"^bots\[0\]\.commandLists\[[0-2]\]\.commands\[[0-9]\]\.(title|description)$");
        var allowed = new HashSet<string> { "$schema", "name.short", "name.full", "description.short", "description.full" };
        Assert.All(strings.Keys, key => Assert.True(allowed.Contains(key) || commandKey.IsMatch(key), $"{file}: key '{key}' is not in the localization schema"));

        var expected = new List<string>();
        var lists = manifest.GetProperty("bots")[0].GetProperty("commandLists");
        for (var list = 0; list < lists.GetArrayLength(); list++)
            for (var command = 0; command < lists[list].GetProperty("commands").GetArrayLength(); command++)
                expected.AddRange([$"bots[0].commandLists[{list}].commands[{command}].title", $"bots[0].commandLists[{list}].commands[{command}].description"]);
        Assert.Equal(expected.Order(), strings.Keys.Where(key => commandKey.IsMatch(key)).Order());
        Assert.All(expected, key => Assert.InRange(strings[key].Length, 1, key.EndsWith(".title") ? 32 : 128));
        // Translated, not copied from English.
        Assert.NotEqual(manifest.GetProperty("name").GetProperty("short").GetString(), strings["name.short"]);
        Assert.All(expected.Where(key => key.EndsWith(".title")), key => Assert.DoesNotMatch("^[a-z ]+$", strings[key]));
    }

    [Fact]
    public void The_colour_icon_is_192_square_and_in_colour()
    {
        var icon = Png.Read(File.ReadAllBytes(Path.Combine(ManifestDirectory, "color.png")));

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        Assert.All(icon.Pixels(), pixel => Assert.Equal(255, pixel.A));
        Assert.Contains(icon.Pixels(), pixel => pixel.R != pixel.G || pixel.G != pixel.B);
        Assert.True(icon.Pixels().Distinct().Count() >= 2);
    }

    [Fact]
    public void The_outline_icon_is_32_square_white_on_transparent()
    {
        var icon = Png.Read(File.ReadAllBytes(Path.Combine(ManifestDirectory, "outline.png")));

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.Equal(6, icon.ColorType);
        Assert.Equal(0, icon.Pixel(0, 0).A);
        Assert.Equal(0, icon.Pixel(31, 31).A);
        Assert.All(icon.Pixels().Where(pixel => pixel.A != 0), pixel => Assert.Equal((255, 255, 255, 255), ((int)pixel.R, (int)pixel.G, (int)pixel.B, (int)pixel.A)));
        var drawn = icon.Pixels().Count(pixel => pixel.A != 0);
        Assert.InRange(drawn, 50, 32 * 32 / 2);
    }

    [Fact]
    public void The_package_holds_the_filled_manifest_both_languages_and_both_icons()
    {
        using var zipBytes = new MemoryStream();
        TeamsAppPackage.Write(ManifestDirectory, TestValues, zipBytes);

        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        Assert.Equal(["color.png", "ja-jp.json", "manifest.json", "outline.png", "zh-cn.json"], zip.Entries.Select(entry => entry.FullName).Order());
        using var manifestReader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var manifest = manifestReader.ReadToEnd();
        Assert.DoesNotContain("${{", manifest);
        Assert.Equal(TestValues.BotAppId, JsonDocument.Parse(manifest).RootElement.GetProperty("bots")[0].GetProperty("botId").GetString());
        using var icon = new MemoryStream();
        zip.GetEntry("color.png")!.Open().CopyTo(icon);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDirectory, "color.png")), icon.ToArray());
    }

    [Fact]
    public void Values_come_from_configuration_and_missing_ones_are_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TeamsApp:AppId"] = TestValues.TeamsAppId,
            ["TeamsApp:Domain"] = TestValues.Domain,
            ["Bot:MicrosoftAppId"] = TestValues.BotAppId,
        }).Build();
        Assert.Equal(TestValues, TeamsAppValues.FromConfiguration(configuration));

        var empty = Assert.Throws<TeamsPackageException>(() => TeamsAppValues.FromConfiguration(new ConfigurationBuilder().Build()));
        Assert.Equal(3, empty.Problems.Count);
        Assert.Contains("TeamsApp:AppId", empty.Message);
        Assert.Contains("TeamsApp:Domain", empty.Message);
        Assert.Contains("Bot:MicrosoftAppId", empty.Message);

        var malformed = Assert.Throws<TeamsPackageException>(() => TeamsAppValues.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TeamsApp:AppId"] = "my-app",
            ["TeamsApp:Domain"] = "https://supportbot.contoso.cn/",
            ["Bot:MicrosoftAppId"] = TestValues.BotAppId,
        }).Build()));
        Assert.Equal(2, malformed.Problems.Count);
    }

    [Fact]
    public void An_unknown_placeholder_is_refused()
    {
        var error = Assert.Throws<TeamsPackageException>(() => TeamsAppPackage.Fill("""{"id":"${{TEAMS_APP_ID}}","x":"${{OTHER}}"}""", TestValues));
        Assert.Contains("${{OTHER}}", error.Message);
    }

    [Fact]
    public void The_teams_package_command_is_registered()
    {
        Assert.True(CommandLine.TryGet("teams-package", out _));
    }
}
