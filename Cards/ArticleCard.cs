using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SupportBot.Cards;

/// <summary>
/// A knowledge article as a card: title, the body written back in the Adaptive Card markdown subset (paragraphs,
/// bold/italic, numbered and bulleted lists, https links), the public page it is based on, and other articles to pick
/// instead. The body is parsed (Markdig, CommonMark, HTML off) and re-emitted element by element, so only the subset
/// reaches the card: literal text is escaped, headings become bold lines, images their alt text, code plain text,
/// and links other than http(s) lose their address.
/// </summary>
public static class ArticleCard
{
    public sealed record Model(string Language, string Title, string BodyMarkdown, string SourceTitle, string SourceUrl,
        string? ReviewedLine, string? OthersHeading, IReadOnlyList<CardButton> Others, string? Label = null);

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static AdaptiveCard Build(Model model)
    {
        var body = new List<AdaptiveElement>();
        if (model.Label is not null) body.Add(new TextBlock(UserText.EscapeMarkdown(model.Label)) { Wrap = true, IsSubtle = true, Size = FontSize.Small });
        body.Add(CardParts.Heading(UserText.EscapeMarkdown(model.Title)));
        body.AddRange(Body(model.BodyMarkdown));
        body.Add(new ActionSet { Actions = [new ActionOpenUrl(model.SourceUrl) { Title = model.SourceTitle }] });
        if (model.ReviewedLine is not null) body.Add(new TextBlock(UserText.EscapeMarkdown(model.ReviewedLine)) { Wrap = true, IsSubtle = true, Size = FontSize.Small });
        if (model.Others.Count > 0 && model.OthersHeading is not null)
            body.Add(new Container
            {
                Separator = true,
                Spacing = Spacing.Medium,
                Items = [new TextBlock(UserText.EscapeMarkdown(model.OthersHeading)) { Weight = FontWeight.Bolder, Wrap = true }, .. CardParts.ButtonRows(model.Others)],
            });
        return CardParts.Card(model.Language, body, fallbackText: model.Title);
    }

    /// <summary>The body as card elements (each a TextBlock in the card's markdown subset).</summary>
    public static List<AdaptiveElement> Body(string markdown)
    {
        var elements = new List<AdaptiveElement>();
        foreach (var block in Markdown.Parse(markdown, Pipeline)) AddBlock(block, elements);
        return elements;
    }

    private static void AddBlock(Block block, List<AdaptiveElement> elements)
    {
        switch (block)
        {
            case HeadingBlock heading:
                elements.Add(new TextBlock(Inlines(heading.Inline, bold: false)) { Wrap = true, Weight = FontWeight.Bolder, Spacing = Spacing.Medium });
                break;
            case ParagraphBlock paragraph:
                elements.Add(CardParts.Paragraph(Inlines(paragraph.Inline, bold: false)));
                break;
            case ListBlock list:
                var lines = new List<string>();
                AddList(list, lines, depth: 0);
                // One TextBlock for the whole list: the card's markdown numbers and indents it.
                elements.Add(CardParts.Paragraph(string.Join("\n", lines)));
                break;
            case CodeBlock code:
                elements.Add(new TextBlock(Escape(Lines(code))) { Wrap = true, FontType = FontType.Monospace });
                break;
            case QuoteBlock quote:
                var inner = new List<AdaptiveElement>();
                foreach (var child in quote) AddBlock(child, inner);
                elements.Add(new Container { Style = ContainerStyle.Emphasis, Items = inner });
                break;
            case ContainerBlock container:
                foreach (var child in container) AddBlock(child, elements);
                break;
        }
    }

    private static void AddList(ListBlock list, List<string> lines, int depth)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}." : "-";
            var first = true;
            foreach (var child in item)
            {
                if (child is ListBlock nested)
                {
                    AddList(nested, lines, depth + 1);
                    continue;
                }
                var text = child is LeafBlock { Inline: { } inline } ? Inlines(inline, bold: false) : child is LeafBlock leaf ? Escape(Lines(leaf)) : "";
                if (text.Length == 0) continue;
                lines.Add(first ? $"{new string(' ', depth * 3)}{marker} {text}" : $"{new string(' ', depth * 3 + 3)}{text}");
                first = false;
            }
        }
    }

    private static string Lines(LeafBlock block) =>
        string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(line => line.Slice.ToString()));

    private static string Inlines(ContainerInline? container, bool bold)
    {
        if (container is null) return "";
        var text = new StringBuilder();
        foreach (var inline in container) AddInline(inline, text);
        return UserText.NeutralizeFunctions(text.ToString().Trim());
    }

    private static void AddInline(Inline inline, StringBuilder text)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(Escape(literal.Content.ToString()));
                break;
            case CodeInline code:
                text.Append(Escape(code.Content));
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
            case AutolinkInline autolink when IsWebAddress(autolink.Url):
                text.Append('[').Append(Escape(autolink.Url)).Append("](").Append(autolink.Url).Append(')');
                break;
            case AutolinkInline autolink:
                text.Append(Escape(autolink.Url));
                break;
            case LinkInline { IsImage: true } image:
                foreach (var child in image) AddInline(child, text);
                break;
            case LinkInline link when link.Url is { } url && IsWebAddress(url):
                text.Append('[');
                foreach (var child in link) AddInline(child, text);
                text.Append("](").Append(url.Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)).Append(')');
                break;
            case EmphasisInline emphasis:
                var marker = emphasis.DelimiterCount >= 2 ? "**" : "_";
                var inner = new StringBuilder();
                foreach (var child in emphasis) AddInline(child, inner);
                var trimmed = inner.ToString().Trim();
                if (trimmed.Length > 0) text.Append(marker).Append(trimmed).Append(marker);
                break;
            case ContainerInline container:
                foreach (var child in container) AddInline(child, text);
                break;
        }
    }

    private static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>Literal text stays literal: the characters the card's markdown reacts to are escaped.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
