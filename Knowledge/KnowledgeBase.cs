using Microsoft.Extensions.Options;
using SupportBot.Localization;

namespace SupportBot.Knowledge;

public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>The articles' folder (<c>&lt;language&gt;/&lt;id&gt;.md</c> below it); default Content/knowledge next to the app.</summary>
    public string? Directory { get; set; }

    /// <summary>Watch the folder and reload on changes (off: only at start and on <see cref="KnowledgeBase.Reload"/>).</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long the folder must be quiet before a reload: an editor saves a file in several writes.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// How much of a question (its words weighted by rarity) the best article must cover to be shown on its own.
    /// Tuned on Content/knowledge/eval.tsv (`dotnet run -- eval-knowledge`).
    /// </summary>
    public double MinCoverage { get; set; } = 0.34;

    public string ResolvedDirectory => string.IsNullOrWhiteSpace(Directory) ? DefaultDirectory : Directory;

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Content", "knowledge");
}

/// <summary>The result of reading the folder: the articles now served, and the files refused (each named with its line).</summary>
public sealed record KnowledgeLoad(int Articles, IReadOnlyList<ArticleProblem> Problems);

/// <summary>
/// The articles the bot serves, one <see cref="ArticleIndex"/> per language, swapped whole on every reload so a search
/// always sees one consistent set. A file that fails to parse is refused with its file and line, and the version read
/// before (if any) stays served until the writer fixes it; a removed file is gone at the next reload. The drafts
/// folder and files that are not <c>.md</c> are not read.
/// </summary>
public sealed class KnowledgeBase
{
    public const string DraftsFolder = "drafts";

    private readonly string _directory;
    private readonly ILogger<KnowledgeBase>? _logger;
    private readonly Lock _reloading = new();
    private Dictionary<string, Article> _lastGood = new(StringComparer.Ordinal);
    private volatile Snapshot _current = new(Language.All.ToDictionary(language => language, _ => new ArticleIndex([])), []);

    private sealed record Snapshot(IReadOnlyDictionary<string, ArticleIndex> ByLanguage, IReadOnlyList<ArticleProblem> Problems);

    public KnowledgeBase(IOptions<KnowledgeOptions> options, ILogger<KnowledgeBase>? logger = null)
    {
        Options = options.Value;
        _directory = Options.ResolvedDirectory;
        _logger = logger;
        Reload();
    }

    public KnowledgeOptions Options { get; }

    public string Directory => _directory;

    /// <summary>Raised after each reload (the watcher's tests wait on it).</summary>
    public event Action<KnowledgeLoad>? Reloaded;

    public ArticleIndex Index(string language) => _current.ByLanguage.TryGetValue(language, out var index) ? index : _current.ByLanguage[Language.English];

    /// <summary>The files refused at the last reload.</summary>
    public IReadOnlyList<ArticleProblem> Problems => _current.Problems;

    /// <summary>
    /// What to show for a question: the best article when it covers enough of the question, and up to
    /// <paramref name="others"/> more that cover as much of it. Empty when nothing fits.
    /// </summary>
    public IReadOnlyList<ArticleHit> Suggest(string question, string language, Audience audience, int others = 2)
    {
        var hits = Index(language).Search(question, audience, others + 1);
        if (hits.Count == 0 || hits[0].Coverage < Options.MinCoverage) return [];
        return hits.Where(hit => hit.Coverage >= Options.MinCoverage).ToList();
    }

    public Article? Find(string id, string language) => Index(language).Articles.FirstOrDefault(article => article.Id == id);

    /// <summary>Reads the folder again; what parses replaces what was served, what does not keeps its last good version.</summary>
    public KnowledgeLoad Reload()
    {
        lock (_reloading)
        {
            var (read, problems) = Read(_directory, _lastGood);
            _lastGood = read;
            var byLanguage = Language.All.ToDictionary(language => language,
                language => new ArticleIndex(read.Values.Where(article => article.Language == language).OrderBy(article => article.Id, StringComparer.Ordinal)));
            _current = new Snapshot(byLanguage, problems);
            foreach (var problem in problems)
                _logger?.LogError("Knowledge article refused (the last good version, if any, is still served): {Problem}", problem.ToString());
            _logger?.LogInformation("Knowledge: {Count} articles served from {Directory}", read.Count, _directory);
            var load = new KnowledgeLoad(read.Count, problems);
            Reloaded?.Invoke(load);
            return load;
        }
    }

    /// <summary>Reads every article file below <paramref name="directory"/> (keyed by path); refused files keep their entry in <paramref name="lastGood"/>.</summary>
    public static (Dictionary<string, Article> Articles, List<ArticleProblem> Problems) Read(string directory, IReadOnlyDictionary<string, Article>? lastGood = null)
    {
        var articles = new Dictionary<string, Article>(StringComparer.Ordinal);
        var problems = new List<ArticleProblem>();
        if (!System.IO.Directory.Exists(directory)) return (articles, problems);
        foreach (var language in Language.All)
        {
            var folder = Path.Combine(directory, language);
            if (!System.IO.Directory.Exists(folder)) continue;
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in System.IO.Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal))
            {
                Article? article;
                try
                {
                    article = ArticleFile.Parse(path, language, File.ReadAllText(path));
                }
                catch (ArticleFormatException refused)
                {
                    problems.Add(refused.Problem);
                    article = lastGood?.GetValueOrDefault(path);
                }
                catch (IOException unreadable)
                {
                    // Still being written (the watcher fires mid-save): the next change event reads it again.
                    problems.Add(new ArticleProblem(path, 0, $"could not be read ({unreadable.Message})."));
                    article = lastGood?.GetValueOrDefault(path);
                }
                if (article is null) continue;
                if (!ids.TryAdd(article.Id, path))
                {
                    problems.Add(new ArticleProblem(path, 1, $"id '{article.Id}' is already used by {ids[article.Id]}."));
                    continue;
                }
                articles[path] = article;
            }
        }
        return (articles, problems);
    }
}
