using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Tests.Knowledge;

/// <summary>The articles shipped in Content/knowledge: every file valid, and the search meets its targets on eval.tsv.</summary>
public sealed class ShippedArticlesTests
{
    private static string Folder => KnowledgeOptions.DefaultDirectory;

    [Fact]
    public void Every_shipped_article_is_valid()
    {
        var (_, problems) = KnowledgeBase.Read(Folder);
        Assert.Empty(problems.Select(problem => problem.ToString()));
    }

    [Fact]
    public void The_search_finds_the_labelled_article_for_eval_questions_in_every_language()
    {
        var evalFile = Path.Combine(Folder, "eval.tsv");
        Assert.True(File.Exists(evalFile), $"{evalFile} is shipped");
        var questions = KnowledgeCommands.ReadTsv(File.ReadAllLines(evalFile));
        var (articles, _) = KnowledgeBase.Read(Folder);
        foreach (var language in Language.All)
        {
            var index = new ArticleIndex(articles.Values.Where(article => article.Language == language));
            var figures = KnowledgeCommands.Evaluate(index, questions.Where(q => q.Language == language).ToList(), language);
            Assert.True(figures.HitAt1 >= 0.85, $"{language}: hit@1 {figures.HitAt1:P1}");
            Assert.True(figures.HitAt3 >= 0.95, $"{language}: hit@3 {figures.HitAt3:P1}");
        }
    }
}
