using System.Diagnostics;
using System.Globalization;
using SupportBot.Localization;

namespace SupportBot.Knowledge;

/// <summary>
/// <c>dotnet run -- knowledge check [DIR]</c>: reads the articles folder as the bot would and lists every file it
/// refuses (file:line: why); exit 1 when there is one. <c>dotnet run -- eval-knowledge FILE [--articles N] [--dir DIR]
/// [--errors]</c>: hit@1, hit@3 and search latency (p50/p99) per language on a labelled file
/// (<c>lang&lt;TAB&gt;article&lt;TAB&gt;question</c>, header line first); <c>--articles N</c> first pads every language to
/// N articles with synthetic ones made of the shipped articles' words, to measure latency at that size. Every question
/// is timed 10 times; the last column is the p99 of each question's fastest run (the plain p99 on a loaded host is the scheduler's).
/// </summary>
public static class KnowledgeCommands
{
    public sealed record LabelledQuestion(string Language, string ArticleId, string Question);

    /// <param name="P99BestMicroseconds">The p99 over questions of each question's fastest of the repeated runs: what a
    /// search costs when the thread is not preempted (on a loaded machine the plain p99 measures the scheduler).</param>
    public sealed record LanguageFigures(string Language, int Questions, int Articles, double HitAt1, double HitAt3, double P50Microseconds, double P99Microseconds,
        double P99BestMicroseconds);

    public static Task<int> CheckAsync(string[] args)
    {
        if (args.FirstOrDefault() != "check")
        {
            Console.Error.WriteLine("usage: dotnet run -- knowledge check [DIR]   (default: Content/knowledge next to the app)");
            return Task.FromResult(2);
        }
        var directory = args.Length > 1 ? args[1] : KnowledgeOptions.DefaultDirectory;
        var (articles, problems) = KnowledgeBase.Read(directory);
        foreach (var language in Language.All)
            Console.WriteLine($"{language}: {articles.Values.Count(article => article.Language == language)} articles");
        foreach (var problem in problems) Console.WriteLine($"refused: {problem}");
        Console.WriteLine(problems.Count == 0 ? $"{directory}: every article is valid" : $"{directory}: {problems.Count} file(s) refused");
        return Task.FromResult(problems.Count == 0 ? 0 : 1);
    }

    public static async Task<int> EvalAsync(string[] args)
    {
        var rest = args.ToList();
        var listErrors = rest.Remove("--errors");
        var directory = Option(rest, "--dir") ?? KnowledgeOptions.DefaultDirectory;
        var padTo = Option(rest, "--articles") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 0;
        if (rest.Count != 1 || !File.Exists(rest[0]))
        {
            Console.Error.WriteLine("usage: dotnet run -- eval-knowledge <file.tsv> [--articles N] [--dir DIR] [--errors]   (lang<TAB>article<TAB>question)");
            return 2;
        }
        var questions = ReadTsv(await File.ReadAllLinesAsync(rest[0]));
        var (read, problems) = KnowledgeBase.Read(directory);
        foreach (var problem in problems) Console.WriteLine($"refused: {problem}");
        Console.WriteLine($"{"lang",-8} {"questions",9} {"articles",8} {"hit@1",7} {"hit@3",7} {"p50 µs",8} {"p99 µs",8} {"p99 best-of-" + Repeats + " µs",18}");
        foreach (var language in Language.All)
        {
            var articles = read.Values.Where(article => article.Language == language).ToList();
            if (padTo > articles.Count) articles.AddRange(Synthesize(articles, padTo - articles.Count));
            var figures = Evaluate(new ArticleIndex(articles), questions.Where(q => q.Language == language).ToList(), language,
                listErrors ? miss => Console.WriteLine($"  miss {language} {miss}") : null);
            Console.WriteLine($"{figures.Language,-8} {figures.Questions,9} {figures.Articles,8} {figures.HitAt1,7:P1} {figures.HitAt3,7:P1} {figures.P50Microseconds,8:F0} {figures.P99Microseconds,8:F0} {figures.P99BestMicroseconds,18:F0}");
        }
        return 0;
    }

    /// <summary>Searches every question as someone who may read every article (the labels say which article answers it).</summary>
    private const int Repeats = 10;

    public static LanguageFigures Evaluate(ArticleIndex index, IReadOnlyList<LabelledQuestion> questions, string language, Action<string>? onMiss = null)
    {
        const Audience everyone = Audience.Customer | Audience.Partner | Audience.Agent;
        foreach (var question in questions) index.Search(question.Question, everyone); // warm-up: JIT
        // Each question is timed Repeats times: a p99 of a hundred-odd samples is the second-slowest, a scheduler hiccup.
        var latencies = new double[questions.Count * Repeats];
        for (var round = 0; round < Repeats; round++)
            for (var i = 0; i < questions.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                index.Search(questions[i].Question, everyone, 3);
                latencies[round * questions.Count + i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        int first = 0, top3 = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            var hits = index.Search(questions[i].Question, everyone, 3);
            var rank = hits.ToList().FindIndex(hit => hit.Article.Id == questions[i].ArticleId);
            if (rank == 0) first++;
            if (rank is >= 0 and < 3) top3++;
            if (rank != 0) onMiss?.Invoke($"{questions[i].ArticleId} ← \"{questions[i].Question}\" got {string.Join(", ", hits.Select(hit => $"{hit.Article.Id} ({hit.Score:F2}, {hit.Coverage:P0})"))}");
        }
        var best = Enumerable.Range(0, questions.Count)
            .Select(i => Enumerable.Range(0, Repeats).Min(round => latencies[round * questions.Count + i])).Order().ToArray();
        Array.Sort(latencies);
        var n = Math.Max(1, questions.Count);
        return new LanguageFigures(language, questions.Count, index.Count, (double)first / n, (double)top3 / n,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), Percentile(best, 0.99));
    }

    /// <summary>
    /// Articles that look like real ones to the index (the same vocabulary, similar lengths) but answer nothing:
    /// each mixes sentences of random shipped articles and their keywords, so term statistics and posting lists grow
    /// as they would with more articles.
    /// </summary>
    public static IEnumerable<Article> Synthesize(IReadOnlyList<Article> from, int count)
    {
        if (from.Count == 0) yield break;
        var random = new Random(15);
        var sentences = from.SelectMany(article => ArticleText.Plain(article.Body).Split(['.', '。', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(sentence => sentence.Length > 10).ToArray();
        for (var i = 0; i < count; i++)
        {
            var template = from[random.Next(from.Count)];
            var words = sentences[random.Next(sentences.Length)].Split(' ');
            var start = random.Next(words.Length);
            yield return template with
            {
                Id = $"synthetic-{i:D4}",
                Title = string.Join(' ', words.Skip(start).Take(3 + random.Next(5))),
                Keywords = from[random.Next(from.Count)].Keywords.Take(2).ToList(),
                Body = string.Join(". ", Enumerable.Range(0, 6 + random.Next(6)).Select(_ => sentences[random.Next(sentences.Length)])),
                Path = $"synthetic-{i:D4}.md",
            };
        }
    }

    public static List<LabelledQuestion> ReadTsv(IEnumerable<string> lines)
    {
        var questions = new List<LabelledQuestion>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Trim().Length == 0 || (number == 1 && line.StartsWith("lang\t", StringComparison.Ordinal))) continue;
            var columns = line.Split('\t');
            if (columns.Length < 3 || Language.Normalize(columns[0]) is not { } language)
                throw new FormatException($"line {number}: expected lang<TAB>article<TAB>question");
            questions.Add(new LabelledQuestion(language, columns[1].Trim(), columns[2].Trim()));
        }
        return questions;
    }

    private static string? Option(List<string> args, string name)
    {
        var at = args.IndexOf(name);
        if (at < 0 || at + 1 >= args.Count) return null;
        var value = args[at + 1];
        args.RemoveRange(at, 2);
        return value;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
