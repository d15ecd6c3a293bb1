using System.Text;

namespace SupportBot.Knowledge;

/// <summary>What an agent's resolved request says, to become an article: the question asked and the answer that solved it.</summary>
public sealed record ArticleDraft(string Id, string Language, string Title, Audience Audience, string Topic, string Question, string Answer, string From);

/// <summary>
/// Writes drafts to <c>drafts/&lt;language&gt;/&lt;id&gt;.md</c> below the articles' folder, in the article format with
/// what a writer must still add marked (the public page it is based on, keywords). Drafts are not served: a writer
/// reviews one and moves it to <c>&lt;language&gt;/</c>, where the loader then checks it like any article.
/// </summary>
public sealed class ArticleDrafts(KnowledgeBase knowledge, TimeProvider time)
{
    /// <summary>Writes (or rewrites: the same request drafted twice is one draft) and returns the path relative to the articles' folder.</summary>
    public string Write(ArticleDraft draft)
    {
        var folder = Path.Combine(knowledge.Directory, KnowledgeBase.DraftsFolder, draft.Language);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{draft.Id}.md");
        var audience = new List<string>();
        if (draft.Audience.HasFlag(Audience.Customer)) audience.Add("customer");
        if (draft.Audience.HasFlag(Audience.Partner)) audience.Add("partner");
        if (draft.Audience.HasFlag(Audience.Agent)) audience.Add("agent");
        var text = new StringBuilder()
            .Append("---\n")
            .Append("id: ").Append(draft.Id).Append('\n')
            .Append("title: ").Append(Quoted(draft.Title)).Append('\n')
            .Append("audience: [").Append(string.Join(", ", audience)).Append("]\n")
            .Append("topic: ").Append(draft.Topic).Append('\n')
            .Append("keywords: []                          # writer: the words people type for this\n")
            .Append("products: []\n")
            .Append("source:                               # writer: the public https:// page this answer is based on (required)\n")
            .Append("reviewed: ").Append(time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .Append("---\n\n")
            .Append(OneLine(draft.Answer)).Append("\n\n")
            .Append("Writer: drafted from ").Append(draft.From).Append(". Rewrite the answer above as one sentence and numbered steps, then delete these two paragraphs.\n\n")
            .Append("Asked (masked): ").Append(OneLine(draft.Question)).Append('\n')
            .ToString();
        File.WriteAllText(path, text);
        return Path.GetRelativePath(knowledge.Directory, path);
    }

    private static string Quoted(string value) => "\"" + OneLine(value).Replace("\"", "'", StringComparison.Ordinal) + "\"";

    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
