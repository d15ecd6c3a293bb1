using System.IO.Compression;
using System.Net;
using SupportBot.Tests.WebChat;

namespace SupportBot.Tests.Release;

/// <summary>
/// The "done when", exactly: <c>dotnet publish -c Release -o out &amp;&amp; cd out &amp;&amp;
/// ASPNETCORE_URLS=http://127.0.0.1:PORT dotnet SupportBot.dll</c> serves a working web chat page: the page loads its
/// bundle from the publish folder and the bot's welcome card arrives through the page's embedded Direct Line.
/// </summary>
[Collection(ReleaseCollection.Name)]
public sealed class PublishOutputTests(PublishedApp published, ChromiumBrowser chromium)
{
    [Fact]
    public async Task The_published_folder_alone_serves_the_web_chat_page_and_the_bot_welcomes_the_visitor()
    {
        var baseUrl = $"http://127.0.0.1:{PublishedApp.FreePort()}";
        await using var app = published.Start(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = baseUrl });
        Assert.Equal([baseUrl], await app.WaitUntilStartedAsync());
        // It runs from the publish folder, not the source tree: content root, wwwroot and the SQLite file are there.
        Assert.Contains($"Content root path: {published.Directory}", app.Output);

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var bundle = await http.GetAsync("/lib/webchat.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Content.Headers.ContentLength > 1_000_000, "the Web Chat bundle is served whole");

        await using var page = await chromium.OpenAsync(baseUrl + "/");
        await page.WaitForBotMessageAsync("Hi, I"); // the welcome card: "Hi, I'm SupportBot"
        await page.SendAsync("billing");
        await page.WaitForSentAsync("billing");
        await page.WaitForBotMessageAsync("Did this solve it?"); // the billing guide answered, through the published bot
        await page.ScreenshotAsync("release-published-en");
        // The other languages' strings are in the publish folder too.
        await page.SwitchLanguageAsync("中文");
        await page.WaitForBotMessageAsync("您好，我是 SupportBot");
        await page.ScreenshotAsync("release-published-zh-Hans");
        Assert.Empty(page.ConsoleErrors);
        await using var phone = await chromium.OpenAsync(baseUrl + "/", width: 390, height: 844);
        await phone.SwitchLanguageAsync("日本語");
        await phone.WaitForBotMessageAsync("こんにちは、SupportBot です");
        await phone.ScreenshotAsync("release-published-ja-phone");
        Assert.Empty(phone.ConsoleErrors);
        Assert.True(File.Exists(Path.Combine(published.Directory, "data", "supportbot.db")), "Storage:SqlitePath is relative to the content root");
        Assert.DoesNotContain("fail:", app.Output);
    }

    [Fact]
    public void The_publish_folder_holds_every_asset_and_content_file_and_none_of_the_build_tooling()
    {
        foreach (var file in new[] { "index.html", "chat.js", "site.css", "strings.json", "favicon.svg", "lib/webchat.js" })
            Assert.True(File.Exists(Path.Combine(published.Directory, "wwwroot", file)), $"wwwroot/{file} is published");
        var source = Path.Combine(RepositoryRoot.Path, "Content");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            Assert.True(File.Exists(Path.Combine(published.Directory, "Content", Path.GetRelativePath(source, file))), $"{Path.GetRelativePath(RepositoryRoot.Path, file)} is published");
        Assert.True(File.Exists(Path.Combine(published.Directory, "appsettings.json")));
        Assert.False(File.Exists(Path.Combine(published.Directory, "package.json")));
        Assert.False(File.Exists(Path.Combine(published.Directory, "package-lock.json")));
        Assert.DoesNotContain("\"urls\"", File.ReadAllText(Path.Combine(published.Directory, "appsettings.json")));
    }

    [Fact]
    public async Task The_Teams_app_package_is_made_from_the_publish_folder()
    {
        var zip = Path.Combine(published.Directory, "..", $"{Path.GetFileName(published.Directory)}-teams.zip");
        await using var app = published.Start(new Dictionary<string, string>
        {
            ["TeamsApp__AppId"] = "2c3a7e5b-3c42-4d6a-9a47-0f1f61f7a001",
            ["Bot__MicrosoftAppId"] = "7b1e5a3c-8d2f-4c6b-9e0a-1f2d3c4b5a60",
            ["TeamsApp__Domain"] = "supportbot.contoso.cn",
        }, "teams-package", zip);

        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "ja-jp.json", "manifest.json", "outline.png", "zh-cn.json"], archive.Entries.Select(e => e.FullName).Order());
        File.Delete(zip);
    }
}
