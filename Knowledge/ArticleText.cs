using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SupportBot.Knowledge;

/// <summary>An article body's words without its Markdown (what the index reads): link texts yes, addresses no.</summary>
public static class ArticleText
{
    /// <summary>CommonMark without raw HTML: an article is Markdown only (the loader refuses HTML tags).</summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static string Plain(string markdown)
    {
        var text = new StringBuilder(markdown.Length);
        foreach (var block in Markdown.Parse(markdown, Pipeline).Descendants<LeafBlock>())
        {
            if (block.Inline is { } inline)
                foreach (var literal in inline.Descendants<LiteralInline>()) text.Append(literal.Content.ToString());
            else if (block.Lines.Lines is { } lines)
                foreach (var line in lines.Take(block.Lines.Count)) text.Append(line.Slice.ToString()).Append(' ');
            text.Append(" . ");
        }
        return text.ToString();
    }
}
