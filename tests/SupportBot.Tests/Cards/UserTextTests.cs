using System.Text.Json;
using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class UserTextTests
{
    private const string Typed = "**bold** [link](http://x) {{name}} {{DATE(2017-02-14T06:08:39Z, SHORT)}}";

    [Fact]
    public void User_text_goes_into_a_text_run_which_is_never_markdown_and_loses_its_template_braces()
    {
        var block = UserText.Block(Typed);
        var card = new AdaptiveCard { Body = { block } };

        CardSchema.AssertValid(card);
        var run = JsonDocument.Parse(card.ToJson()).RootElement.GetProperty("body")[0].GetProperty("inlines")[0];
        Assert.Equal("TextRun", run.GetProperty("type").GetString());
        var text = run.GetProperty("text").GetString()!;
        Assert.StartsWith("**bold** [link](http://x) ", text);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        // Invisible break only: removing the zero-width spaces gives back exactly what the user typed.
        Assert.Equal(Typed, text.Replace("\u200B", ""));
    }

    [Fact]
    public void Markdown_characters_are_escaped_for_text_blocks()
    {
        var escaped = UserText.EscapeMarkdown(Typed);

        Assert.Equal(@"\*\*bold\*\* \[link\](http://x) {" + "\u200B" + "{name}} {" + "\u200B" + "{DATE(2017-02-14T06:08:39Z, SHORT)}}", escaped);
        CardSchema.AssertValid(new AdaptiveCard { Body = { new TextBlock(escaped) } });
    }

    [Theory]
    [InlineData("- item", @"\- item")]
    [InlineData("a\n+ b", "a\n\\+ b")]
    [InlineData("12. twelve", @"12\. twelve")]
    [InlineData("a - b 1. c", "a - b 1. c")]
    [InlineData(@"back\slash _i_", @"back\\slash \_i\_")]
    [InlineData("中文：**重要**", @"中文：\*\*重要\*\*")]
    [InlineData("# title\n> quote a#b a>b", "\\# title\n\\> quote a#b a>b")]
    public void Lists_and_emphasis_are_escaped_where_markdown_would_see_them(string typed, string expected)
    {
        Assert.Equal(expected, UserText.EscapeMarkdown(typed));
    }

    [Fact]
    public void Long_text_is_trimmed_with_an_ellipsis_without_splitting_a_surrogate_pair()
    {
        Assert.Equal("abcd…", UserText.Truncate("abcdefgh", 5));
        Assert.Equal("abc", UserText.Truncate("abc", 5));
        Assert.Equal("a…", UserText.Truncate("a😀b", 3));
    }
}
