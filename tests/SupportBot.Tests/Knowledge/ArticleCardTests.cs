using SupportBot.Cards;

namespace SupportBot.Tests.Knowledge;

public sealed class ArticleCardTests
{
    private static string Texts(string markdown) =>
        string.Join("\n", ArticleCard.Body(markdown).Select(element => element switch
        {
            TextBlock block => block.Text,
            Container container => string.Join("\n", container.Items.OfType<TextBlock>().Select(block => block.Text)),
            _ => "",
        }));

    [Fact]
    public void Keeps_the_cards_markdown_subset()
    {
        var text = Texts("Answer with **bold** and *italic*.\n\n1. First [step](https://learn.microsoft.com/a_b).\n2. Second\n\n- a bullet");
        Assert.Contains("Answer with **bold** and _italic_.", text);
        Assert.Contains("1. First [step](https://learn.microsoft.com/a_b).\n2. Second", text);
        Assert.Contains("- a bullet", text);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))", "click")]
    [InlineData("![logo](https://example.com/x.png)", "logo")]
    [InlineData("# Heading", "Heading")]
    [InlineData("Use `a*b*c` here", "Use a\\*b\\*c here")]
    [InlineData("Literal \\*stars\\* and [brackets]", "Literal \\*stars\\* and \\[brackets\\]")]
    // HTML is off: a tag stays text (the loader refuses one in a file anyway).
    [InlineData("<b>bold</b> text", "<b>bold</b> text")]
    public void Turns_everything_else_into_plain_text(string markdown, string expected) => Assert.Equal(expected, Texts(markdown));

    [Fact]
    public void Breaks_card_functions()
    {
        Assert.DoesNotContain("{{", Texts("Due {{DATE(2026-01-01T00:00:00Z)}}"), StringComparison.Ordinal);
    }
}
