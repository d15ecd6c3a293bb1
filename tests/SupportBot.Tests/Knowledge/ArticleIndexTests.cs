using SupportBot.Knowledge;

namespace SupportBot.Tests.Knowledge;

public sealed class ArticleIndexTests
{
    private const Audience Everyone = Audience.Customer | Audience.Partner | Audience.Agent;

    [Theory]
    [InlineData("en", "teams call keeps dropping when im on vpn", "vpn-split-tunnel-teams")]
    [InlineData("en", "onedrive not synching my files", "onedrive-sync-paused")]
    [InlineData("en", "onedrvie sync paused", "onedrive-sync-paused")]
    [InlineData("zh-Hans", "连着VPN的时候teams通话老是断", "vpn-split-tunnel-teams")]
    [InlineData("zh-Hans", "onedrive文件不同步了", "onedrive-sync-paused")]
    [InlineData("ja", "VPNにつなぐとTeamsの通話が切れます", "vpn-split-tunnel-teams")]
    [InlineData("ja", "onedriveの同期が止まってアップロードできない", "onedrive-sync-paused")]
    public void Finds_the_article_a_question_is_about(string language, string question, string expected)
    {
        using var fixture = new KnowledgeFixture();
        var hits = fixture.Load().Index(language).Search(question, Everyone);
        Assert.Equal(expected, hits.First().Article.Id);
    }

    [Fact]
    public void Finds_nothing_for_words_no_article_has()
    {
        using var fixture = new KnowledgeFixture();
        Assert.Empty(fixture.Load().Index("en").Search("zebra giraffe", Everyone));
        Assert.Empty(fixture.Load().Index("en").Search("   ", Everyone));
    }

    [Theory]
    [InlineData("Passwords", "password")]
    [InlineData("syncing", "sync")]
    [InlineData("configured", "configur")]
    [InlineData("policies", "policy")]
    public void Stems_english_endings(string word, string stem) => Assert.Equal(stem, TextAnalyzer.Terms(word).Single());

    [Fact]
    public void Cuts_chinese_into_bigrams_and_keeps_katakana_words()
    {
        Assert.Equal(["同步", "步文", "文件"], TextAnalyzer.Terms("同步文件"));
        Assert.Contains("パスワード", TextAnalyzer.Terms("パスワードを忘れた"));
        Assert.Contains("team", TextAnalyzer.Terms("Teamsの通話"));
        Assert.DoesNotContain(TextAnalyzer.Terms("Teamsの通話"), term => term.Contains('の'));
    }

    [Theory]
    [InlineData("pasword", "password", true)]
    [InlineData("passwrod", "password", true)]
    [InlineData("passwordd", "password", true)]
    [InlineData("pessword", "password", true)]
    [InlineData("pwssord", "password", false)]
    [InlineData("bassword", "password", false)]
    public void Forgives_one_typo(string typed, string known, bool same) => Assert.Equal(same, ArticleIndex.WithinOneEdit(typed, known));

    [Fact]
    public void Synthetic_articles_pad_an_index_to_a_thousand_from_the_real_ones_words()
    {
        using var fixture = new KnowledgeFixture();
        var real = fixture.Load().Index("en").Articles;
        var synthetic = KnowledgeCommands.Synthesize(real, 1000 - real.Count).ToList();
        var index = new ArticleIndex(real.Concat(synthetic));
        Assert.Equal(1000, index.Count);
        Assert.Equal(1000, index.Articles.Select(article => article.Id).Distinct().Count());
        var vocabulary = real.SelectMany(article => TextAnalyzer.Terms(article.Title + " " + ArticleText.Plain(article.Body))).ToHashSet();
        Assert.All(synthetic.Take(50), article => Assert.Subset(vocabulary, TextAnalyzer.Terms(ArticleText.Plain(article.Body)).ToHashSet()));
        var figures = KnowledgeCommands.Evaluate(index, [new("en", "vpn-split-tunnel-teams", "teams calls drop on the company vpn")], "en");
        Assert.Equal(1000, figures.Articles);
        Assert.True(figures.P99Microseconds > 0);
    }
}
