namespace SupportBot.Knowledge;

/// <summary>Who an article is written for (front matter <c>audience</c>); a person sees only articles for their role.</summary>
[Flags]
public enum Audience
{
    None = 0,
    Customer = 1,
    Partner = 2,
    Agent = 4,
}

/// <summary>
/// One knowledge article in one language, as a writer wrote it under <c>Content/knowledge/&lt;language&gt;/&lt;id&gt;.md</c>
/// (format: Content/knowledge/README.md). <see cref="Body"/> is the Markdown after the front matter.
/// </summary>
public sealed record Article
{
    public required string Id { get; init; }
    public required string Language { get; init; }
    public required string Title { get; init; }
    public required Audience Audience { get; init; }
    /// <summary>An intent of Recognition/clu/SupportBot.clu.json, or <see cref="Article.GeneralTopic"/>.</summary>
    public required string Topic { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public IReadOnlyList<string> Products { get; init; } = [];
    public required Uri Source { get; init; }
    public required DateOnly Reviewed { get; init; }
    public required string Body { get; init; }
    /// <summary>The file it was read from (for messages to writers).</summary>
    public required string Path { get; init; }

    public const string GeneralTopic = "General";

    public bool IsFor(Audience audience) => (Audience & audience) != 0;
}

/// <summary>A file the loader refused: which file, which line (1-based; 0 when the whole file is at fault), and why.</summary>
public sealed record ArticleProblem(string Path, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{Path}:{Line}: {Message}" : $"{Path}: {Message}";
}

/// <summary>Thrown by <see cref="ArticleFile.Parse"/> for a file that does not follow the format.</summary>
public sealed class ArticleFormatException(ArticleProblem problem) : Exception(problem.ToString())
{
    public ArticleProblem Problem { get; } = problem;
}
