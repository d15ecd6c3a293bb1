using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Tests.Bot.DirectLine;

namespace SupportBot.Tests.WebChat;

/// <summary>The page's files: served at /, the Web Chat bundle built from npm, strings in all three languages.</summary>
public sealed class WebChatPageTests
{
    private static readonly string[] Languages = ["en", "zh-Hans", "ja"];

    [Fact]
    public async Task The_page_and_the_web_chat_bundle_are_served()
    {
        await using var host = await DirectLineHost.StartAsync();

        var page = await host.Http.GetAsync("/");
        var bundle = await host.Http.GetAsync("/lib/webchat.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode); // copied from node_modules by the build (SupportBot.csproj)
        Assert.True(bundle.Content.Headers.ContentLength > 1_000_000);
    }

    [Fact]
    public void Every_page_string_exists_in_every_language_and_every_placeholder_has_a_string()
    {
        var wwwroot = Path.Combine(RepositoryRoot.Path, "wwwroot");
        using var strings = JsonDocument.Parse(File.ReadAllText(Path.Combine(wwwroot, "strings.json")));
        var keys = Languages.ToDictionary(l => l, l => strings.RootElement.GetProperty(l).GetProperty("strings").EnumerateObject()
            .Where(p => !string.IsNullOrWhiteSpace(p.Value.GetString())).Select(p => p.Name).ToHashSet());
        var html = File.ReadAllText(Path.Combine(wwwroot, "index.html"));
        var used = Regex.Matches(html, "data-(?:text|label)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();

        foreach (var language in Languages)
        {
            Assert.Equal(keys["en"].Order(), keys[language].Order());
            Assert.Subset(keys[language], used);
        }
        Assert.Equal("zh-CN", strings.RootElement.GetProperty("zh-Hans").GetProperty("locale").GetString());
        Assert.Equal("ja-JP", strings.RootElement.GetProperty("ja").GetProperty("locale").GetString());
    }
}

/// <summary>The repository root (where SupportBot.csproj is), found from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SupportBot.csproj"))) return dir.FullName;
        throw new DirectoryNotFoundException("SupportBot.csproj not found above " + AppContext.BaseDirectory);
    }
}
