using SupportBot.Knowledge;

namespace SupportBot.Tests.Knowledge;

public sealed class ArticleFileTests
{
    private const string Path = "/content/knowledge/en/vpn-split-tunnel-teams.md";

    private static string Valid(string frontMatterExtra = "", string body = "One sentence.\n\n1. Step one.") =>
        "---\n" +
        "id: vpn-split-tunnel-teams\n" +
        "title: \"Teams calls drop: over the VPN\"   # quoted, with a colon\n" +
        "audience: [customer, partner]\n" +
        "topic: Connectivity\n" +
        "keywords: [VPN, \"split, tunnel\", Teams media]\n" +
        "products: []\n" +
        "source: https://learn.microsoft.com/microsoft-365/enterprise/microsoft-365-vpn-split-tunnel\n" +
        "reviewed: 2026-11-20\n" +
        frontMatterExtra +
        "---\n\n" + body + "\n";

    [Fact]
    public void A_valid_file_gives_every_field()
    {
        var article = ArticleFile.Parse(Path, "en", Valid());
        Assert.Equal("vpn-split-tunnel-teams", article.Id);
        Assert.Equal("Teams calls drop: over the VPN", article.Title);
        Assert.Equal(Audience.Customer | Audience.Partner, article.Audience);
        Assert.False(article.IsFor(Audience.Agent));
        Assert.Equal("Connectivity", article.Topic);
        Assert.Equal(["VPN", "split, tunnel", "Teams media"], article.Keywords);
        Assert.Empty(article.Products);
        Assert.Equal(new DateOnly(2026, 11, 20), article.Reviewed);
        Assert.StartsWith("One sentence.", article.Body);
    }

    [Theory]
    [InlineData("owner: someone\n", 10, "unknown key 'owner'")]
    [InlineData("id: again\n", 10, "'id' is given twice")]
    public void A_bad_key_names_its_line(string extra, int line, string message)
    {
        var problem = Assert.Throws<ArticleFormatException>(() => ArticleFile.Parse(Path, "en", Valid(extra))).Problem;
        Assert.Equal(Path, problem.Path);
        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message);
        Assert.StartsWith($"{Path}:{line}: ", problem.ToString());
    }

    [Theory]
    [InlineData("id: vpn-split-tunnel-teams", "id: another-id", 2, "must equal the file name")]
    [InlineData("audience: [customer, partner]", "audience: [customers]", 4, "audience 'customers'")]
    [InlineData("topic: Connectivity", "topic: Networking", 5, "topic 'Networking'")]
    [InlineData("source: https://learn", "source: http://learn", 8, "must be an https:// address")]
    [InlineData("reviewed: 2026-11-20", "reviewed: 20 Nov 2026", 9, "yyyy-MM-dd")]
    [InlineData("title: \"Teams calls drop: over the VPN\"", "title: \"unterminated", 3, "must end with")]
    [InlineData("keywords: [VPN, \"split, tunnel\", Teams media]", "keywords: [VPN, Teams", 6, "must end with ']'")]
    [InlineData("topic: Connectivity\n", "", 9, "'topic' is required")]
    public void A_bad_value_names_its_line(string replace, string with, int line, string message)
    {
        var problem = Assert.Throws<ArticleFormatException>(() => ArticleFile.Parse(Path, "en", Valid().Replace(replace, with))).Problem;
        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void Html_in_the_body_is_refused_at_its_line()
    {
        var problem = Assert.Throws<ArticleFormatException>(() => ArticleFile.Parse(Path, "en", Valid(body: "First.\n\nSecond <script>alert(1)</script>"))).Problem;
        Assert.Equal(14, problem.Line);
        Assert.Contains("HTML", problem.Message);
    }

    [Theory]
    [InlineData("no front matter\n", 1, "must start with a '---' line")]
    [InlineData("---\nid: x\n", 3, "no closing '---'")]
    public void A_file_without_front_matter_is_refused(string text, int line, string message)
    {
        var problem = Assert.Throws<ArticleFormatException>(() => ArticleFile.Parse(Path, "en", text)).Problem;
        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void An_empty_body_is_refused()
    {
        var problem = Assert.Throws<ArticleFormatException>(() => ArticleFile.Parse(Path, "en", Valid(body: ""))).Problem;
        Assert.Contains("no body", problem.Message);
    }
}
