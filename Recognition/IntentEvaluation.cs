using System.Diagnostics;
using System.Globalization;
using System.Text;
using SupportBot.Recognition.Embedded;

namespace SupportBot.Recognition;

/// <summary>
/// <c>dotnet run -- eval-intents &lt;file.tsv&gt; [--errors]</c>: how the embedded recognizer does on a labelled file
/// (<c>lang&lt;TAB&gt;intent&lt;TAB&gt;text[&lt;TAB&gt;entities]</c>, an optional header line first): accuracy,
/// precision, recall and F1 per language and per intent, the confusion matrix, how right the confident and the
/// "Did you mean…" paths are, how scores match accuracy, entity accuracy, per-utterance latency (p50/p99 after a
/// warm-up pass) and the training time. <c>--errors</c> lists every miss. <c>eval-intents --cross-validate K</c>
/// does the same over K folds of the CLU project's own utterances (each fold predicted by a model trained on the
/// others), for work on the training data without touching the held-out split.
/// </summary>
/// <remarks>
/// The optional fourth column lists the entities expected, <c>Category=Value</c> separated by <c>;</c>
/// (<c>SrId=SR-20250301-0042;Product=Teams;Severity=critical;Quantity=5</c>); <c>-</c> says none are expected.
/// Rows without the column are not scored for entities, so three-column files keep working.
/// </remarks>
public static class IntentEvaluation
{
    /// <param name="Entities">Expected entities as (category, value); null when the row does not say.</param>
    public sealed record LabelledUtterance(string Language, string Intent, string Text, IReadOnlyList<(string Category, string Value)>? Entities = null);

    /// <param name="Guesses">What "Did you mean…" would offer (<see cref="RecognitionResult.DidYouMean"/>), or the alternatives.</param>
    /// <param name="Entities">Entities found (category, value).</param>
    public sealed record Prediction(
        LabelledUtterance Expected, string Predicted, double Score, IReadOnlyList<string>? Guesses = null,
        IReadOnlyList<(string Category, string Value)>? Entities = null)
    {
        public bool IsRight => Predicted == Expected.Intent;
    }

    /// <summary>Entity categories eval-intents scores.</summary>
    public static IReadOnlyList<string> ScoredEntities { get; } =
        [EntityCategories.SrId, EntityCategories.Product, EntityCategories.Severity, EntityCategories.Quantity];

    public static async Task<int> RunAsync(string[] args)
    {
        var listErrors = args.Contains("--errors");
        var rest = args.Where(a => a != "--errors").ToList();
        var project = CluProject.LoadEmbedded();
        var threshold = new RecognitionOptions().ConfidenceThreshold;
        if (rest.Count == 2 && rest[0] == "--cross-validate" && int.TryParse(rest[1], out var folds) && folds >= 2)
        {
            Console.WriteLine($"cross-validation over {folds} folds of the {project.Assets.Utterances.Count} training utterances");
            Print(CrossValidate(project, folds, threshold), threshold, listErrors, latencies: null);
            return 0;
        }
        if (rest.Count != 1 || !File.Exists(rest[0]))
        {
            Console.Error.WriteLine("usage: dotnet run -- eval-intents <file.tsv> [--errors]   (lang<TAB>intent<TAB>text[<TAB>entities], header line optional)");
            Console.Error.WriteLine("       dotnet run -- eval-intents --cross-validate <K> [--errors]   (K folds of the CLU project's utterances)");
            return 2;
        }
        IReadOnlyList<LabelledUtterance> utterances;
        try
        {
            utterances = ReadTsv(await File.ReadAllLinesAsync(rest[0]));
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        // Wall time suffers on a busy machine; the process CPU time beside it shows what training itself costs.
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var recognizer = EmbeddedRecognizer.Train(project);
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        Console.WriteLine($"training: {recognizer.TrainingUtterances} utterances in {recognizer.TrainingTime.TotalMilliseconds:F0} ms wall, {cpu.TotalMilliseconds:F0} ms CPU");

        foreach (var u in utterances) recognizer.Recognize(u.Text, u.Language); // warm-up: JIT and caches
        var latencies = new double[utterances.Count];
        var predictions = new List<Prediction>(utterances.Count);
        for (var i = 0; i < utterances.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = recognizer.Recognize(utterances[i].Text, utterances[i].Language);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            predictions.Add(Predict(utterances[i], result));
        }
        Print(predictions, threshold, listErrors, latencies);
        return 0;
    }

    public static Prediction Predict(LabelledUtterance utterance, RecognitionResult result) =>
        new(utterance, result.TopIntent, result.TopScore, result.DidYouMean().Select(g => g.Intent).ToList(),
            result.Entities.Select(e => (e.Category, e.Value ?? e.Text)).ToList());

    /// <summary>Every utterance of the project predicted by a model trained on the other folds (stratified by language and intent).</summary>
    public static IReadOnlyList<Prediction> CrossValidate(CluProject project, int folds, double threshold)
    {
        var utterances = project.Assets.Utterances;
        var foldOf = new int[utterances.Count];
        foreach (var group in utterances.Select((u, i) => (u, i)).GroupBy(p => (p.u.Language, p.u.Intent)))
        {
            var k = 0;
            foreach (var (_, i) in group) foldOf[i] = k++ % folds;
        }
        var predictions = new List<Prediction>(utterances.Count);
        for (var fold = 0; fold < folds; fold++)
        {
            var training = utterances.Where((_, i) => foldOf[i] != fold).ToList();
            var recognizer = EmbeddedRecognizer.Train(project with { Assets = project.Assets with { Utterances = training } });
            for (var i = 0; i < utterances.Count; i++)
            {
                if (foldOf[i] != fold) continue;
                var u = utterances[i];
                var labelled = new LabelledUtterance(CluLanguages.ToLanguage(u.Language), u.Intent, u.Text);
                predictions.Add(Predict(labelled, recognizer.Recognize(u.Text, labelled.Language)));
            }
        }
        return predictions;
    }

    private static void Print(IReadOnlyList<Prediction> predictions, double threshold, bool listErrors, double[]? latencies)
    {
        foreach (var line in Report(predictions)) Console.WriteLine(line);
        foreach (var line in IntentTable(predictions)) Console.WriteLine(line);
        foreach (var line in ConfusionMatrix(predictions)) Console.WriteLine(line);
        foreach (var line in Paths(predictions, threshold)) Console.WriteLine(line);
        Console.WriteLine(ThresholdSummary(predictions, threshold));
        foreach (var line in Calibration(predictions)) Console.WriteLine(line);
        foreach (var line in EntityReport(predictions)) Console.WriteLine(line);
        if (listErrors)
            foreach (var p in predictions.Where(p => !p.IsRight))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  miss [{p.Expected.Language}] {p.Expected.Intent} → {p.Predicted} ({p.Score:F2}): {p.Expected.Text}"));
        if (latencies is null) return;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency per utterance: p50 {Percentile(latencies, 0.50):F3} ms, p99 {Percentile(latencies, 0.99):F3} ms, max {(latencies.Length > 0 ? latencies[^1] : 0):F3} ms ({latencies.Length} utterances, after warm-up)"));
    }

    /// <summary>
    /// Parses the TSV. A first line whose first field is <c>lang</c> is a header; blank lines and lines starting with
    /// <c>#</c> are ignored. Languages are tags as people write them (en-US, zh-CN, zh-Hans-CN, ja-JP…).
    /// </summary>
    public static IReadOnlyList<LabelledUtterance> ReadTsv(IEnumerable<string> lines)
    {
        var result = new List<LabelledUtterance>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            if (number == 1 && fields[0].Trim().Equals("lang", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Length is < 3 or > 4 || fields.Take(3).Any(string.IsNullOrWhiteSpace))
                throw new FormatException($"line {number}: expected lang<TAB>intent<TAB>text[<TAB>entities], got \"{line}\"");
            if (Localization.Language.Normalize(fields[0]) is not { } language)
                throw new FormatException($"line {number}: language \"{fields[0]}\" is not English, Chinese or Japanese (e.g. {string.Join(", ", Localization.Language.All)}, en-US, zh-CN, ja-JP)");
            if (!Intents.All.Contains(fields[1]))
                throw new FormatException($"line {number}: unknown intent \"{fields[1]}\"");
            var entities = fields.Length == 4 ? ParseEntities(fields[3], number) : null;
            result.Add(new LabelledUtterance(language, fields[1], fields[2].Trim(), entities));
        }
        return result;
    }

    private static IReadOnlyList<(string, string)>? ParseEntities(string field, int number)
    {
        field = field.Trim();
        if (field.Length == 0) return null;
        if (field == "-") return [];
        var entities = new List<(string, string)>();
        foreach (var part in field.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            var category = equals > 0 ? part[..equals].Trim() : "";
            if (!ScoredEntities.Contains(category) || equals == part.Length - 1)
                throw new FormatException($"line {number}: entity \"{part}\" is not Category=Value with a category of {string.Join(", ", ScoredEntities)}");
            entities.Add((category, part[(equals + 1)..].Trim()));
        }
        return entities;
    }

    public static double Accuracy(IEnumerable<Prediction> predictions)
    {
        var list = predictions.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(p => p.IsRight) / list.Count;
    }

    /// <summary>Accuracy and macro precision/recall/F1 per language and overall, and the top confusions.</summary>
    public static IEnumerable<string> Report(IReadOnlyList<Prediction> predictions)
    {
        foreach (var group in predictions.GroupBy(p => p.Expected.Language))
        {
            var (precision, recall, f1) = Macro(group.ToList());
            yield return string.Create(CultureInfo.InvariantCulture,
                $"accuracy {group.Key,-8} {Accuracy(group):P1} ({group.Count(p => p.IsRight)}/{group.Count()}); macro P {precision:P1} R {recall:P1} F1 {f1:P1}");
        }
        var (p, r, f) = Macro(predictions);
        yield return string.Create(CultureInfo.InvariantCulture,
            $"accuracy overall  {Accuracy(predictions):P1} ({predictions.Count(p => p.IsRight)}/{predictions.Count}); macro P {p:P1} R {r:P1} F1 {f:P1}");
        var confusions = predictions.Where(p => !p.IsRight)
            .GroupBy(p => (p.Expected.Intent, p.Predicted))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Intent, StringComparer.Ordinal)
            .Take(10).ToList();
        yield return confusions.Count == 0 ? "confusions: none" : "top confusions (expected → predicted: count, e.g.):";
        foreach (var g in confusions)
            yield return $"  {g.Key.Intent} → {g.Key.Predicted}: {g.Count()}, e.g. [{g.First().Expected.Language}] \"{g.First().Expected.Text}\"";
    }

    /// <summary>Precision, recall and F1 of each intent overall, and F1 per language.</summary>
    public static IEnumerable<string> IntentTable(IReadOnlyList<Prediction> predictions)
    {
        var languages = predictions.Select(p => p.Expected.Language).Distinct().ToList();
        var header = new StringBuilder($"{"intent",-22} {"n",4} {"P",6} {"R",6} {"F1",6}");
        foreach (var language in languages) header.Append($" {"F1 " + language,10}");
        yield return header.ToString();
        foreach (var intent in Intents.All)
        {
            var (precision, recall, f1, support) = Scores(predictions, intent);
            if (support == 0 && precision is null) continue;
            var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
                $"{intent,-22} {support,4} {Percent(precision),6} {Percent(recall),6} {Percent(f1),6}"));
            foreach (var language in languages)
                line.Append($" {Percent(Scores(predictions.Where(p => p.Expected.Language == language).ToList(), intent).F1),10}");
            yield return line.ToString();
        }
    }

    /// <summary>Rows expected, columns predicted, in the order of <see cref="Intents.All"/>, with a legend of the codes.</summary>
    public static IEnumerable<string> ConfusionMatrix(IReadOnlyList<Prediction> predictions)
    {
        var intents = Intents.All.Where(i => predictions.Any(p => p.Expected.Intent == i || p.Predicted == i)).ToList();
        var code = intents.ToDictionary(i => i, Code);
        yield return "confusion matrix (rows expected, columns predicted; " + string.Join(", ", intents.Select(i => $"{code[i]} {i}")) + "):";
        yield return "     " + string.Concat(intents.Select(i => $"{code[i],4}"));
        var counts = predictions.CountBy(p => (p.Expected.Intent, p.Predicted)).ToDictionary();
        foreach (var expected in intents)
            yield return $"{code[expected],4} " + string.Concat(intents.Select(predicted =>
                counts.GetValueOrDefault((expected, predicted)) is var n && n > 0 ? $"{n,4}" : "   ."));
    }

    /// <summary>
    /// What the bot does with each result: at or above the threshold it follows the top intent (the confident path);
    /// below, it offers <see cref="RecognitionResult.DidYouMean"/> buttons, or the menu when there are none. The
    /// "Did you mean…" path is right when the expected intent is on a button, or when there are no buttons and the
    /// message was None, Help, Cancel or Greeting (no topic to offer: the menu is the right answer).
    /// </summary>
    public static IEnumerable<string> Paths(IReadOnlyList<Prediction> predictions, double threshold)
    {
        foreach (var group in predictions.GroupBy(p => p.Expected.Language).Append(predictions.GroupBy(_ => "overall").Single()))
        {
            var confident = group.Where(p => p.Score >= threshold).ToList();
            var unsure = group.Where(p => p.Score < threshold).ToList();
            var rescued = unsure.Count(DidYouMeanIsRight);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"paths {group.Key,-8} confident {confident.Count(p => p.IsRight)}/{confident.Count} right ({Accuracy(confident):P1}); " +
                $"did-you-mean {rescued}/{unsure.Count} right ({(unsure.Count == 0 ? 0 : (double)rescued / unsure.Count):P1}); " +
                $"end to end {confident.Count(p => p.IsRight) + rescued}/{group.Count()} ({(double)(confident.Count(p => p.IsRight) + rescued) / Math.Max(1, group.Count()):P1})");
        }
    }

    public static bool DidYouMeanIsRight(Prediction p)
    {
        var guesses = p.Guesses ?? [];
        return guesses.Contains(p.Expected.Intent)
            || guesses.Count == 0 && p.Expected.Intent is Intents.None or Intents.Help or Intents.Cancel or Intents.Greeting;
    }

    /// <summary>How the default confidence threshold splits the results, and how often "Did you mean…" would hold the answer.</summary>
    public static string ThresholdSummary(IReadOnlyList<Prediction> predictions, double threshold)
    {
        var confident = predictions.Where(p => p.Score >= threshold).ToList();
        var unsure = predictions.Where(p => p.Score < threshold).ToList();
        var rescued = unsure.Count(p => p.IsRight || (p.Guesses ?? []).Contains(p.Expected.Intent));
        return string.Create(CultureInfo.InvariantCulture,
            $"threshold {threshold:F2}: {confident.Count}/{predictions.Count} confident, {Accuracy(confident):P1} of them right; " +
            $"{unsure.Count} ambiguous, right intent among the top guesses in {rescued}/{unsure.Count}");
    }

    /// <summary>Accuracy per band of top score: a score that means something is right about as often as it says.</summary>
    public static IEnumerable<string> Calibration(IReadOnlyList<Prediction> predictions)
    {
        double[] edges = [0, 0.3, 0.5, 0.7, 0.9, 1.0001];
        var bands = new List<string>();
        for (var b = 0; b + 1 < edges.Length; b++)
        {
            var band = predictions.Where(p => p.Score >= edges[b] && p.Score < edges[b + 1]).ToList();
            if (band.Count == 0) continue;
            bands.Add(string.Create(CultureInfo.InvariantCulture,
                $"{edges[b]:F1}-{Math.Min(edges[b + 1], 1):F1}: {band.Count} at mean score {band.Average(p => p.Score):F2}, {Accuracy(band):P0} right"));
        }
        yield return "calibration: " + string.Join("; ", bands);
    }

    /// <summary>Per scored category: precision and recall of (category, value) over rows that list their expected entities.</summary>
    public static IEnumerable<string> EntityReport(IReadOnlyList<Prediction> predictions)
    {
        var scored = predictions.Where(p => p.Expected.Entities is not null).ToList();
        if (scored.Count == 0)
        {
            yield return "entities: no row lists expected entities (fourth column)";
            yield break;
        }
        var allRight = 0;
        var counts = ScoredEntities.ToDictionary(c => c, _ => (Tp: 0, Fp: 0, Fn: 0));
        foreach (var p in scored)
        {
            var rowRight = true;
            foreach (var category in ScoredEntities)
            {
                var expected = p.Expected.Entities!.Where(e => e.Category == category).Select(e => Fold(e.Value)).ToList();
                var found = (p.Entities ?? []).Where(e => e.Category == category).Select(e => Fold(e.Value)).ToList();
                var tp = expected.Count(found.Remove);
                var c = counts[category];
                counts[category] = (c.Tp + tp, c.Fp + found.Count, c.Fn + expected.Count - tp);
                rowRight &= found.Count == 0 && expected.Count == tp;
            }
            if (rowRight) allRight++;
        }
        yield return string.Create(CultureInfo.InvariantCulture,
            $"entities: {allRight}/{scored.Count} rows with every entity right ({(double)allRight / scored.Count:P1})");
        foreach (var (category, (tp, fp, fn)) in counts)
        {
            if (tp + fp + fn == 0) continue;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {category,-9} expected {tp + fn}, found {tp + fp}, right {tp}: P {Percent(Ratio(tp, tp + fp))} R {Percent(Ratio(tp, tp + fn))}");
        }
    }

    private static string Fold(string value) => TextFolding.Fold(value.Trim());

    private static (double Precision, double Recall, double F1) Macro(IReadOnlyList<Prediction> predictions)
    {
        var perIntent = Intents.All.Select(i => Scores(predictions, i)).Where(s => s.Support > 0).ToList();
        if (perIntent.Count == 0) return (0, 0, 0);
        return (perIntent.Average(s => s.Precision ?? 0), perIntent.Average(s => s.Recall ?? 0), perIntent.Average(s => s.F1 ?? 0));
    }

    private static (double? Precision, double? Recall, double? F1, int Support) Scores(IReadOnlyList<Prediction> predictions, string intent)
    {
        var tp = predictions.Count(p => p.Expected.Intent == intent && p.Predicted == intent);
        var predicted = predictions.Count(p => p.Predicted == intent);
        var support = predictions.Count(p => p.Expected.Intent == intent);
        var precision = Ratio(tp, predicted);
        var recall = Ratio(tp, support);
        double? f1 = precision is { } pr && recall is { } re ? (pr + re == 0 ? 0 : 2 * pr * re / (pr + re)) : null;
        return (precision, recall, f1, support);
    }

    private static double? Ratio(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("F1", CultureInfo.InvariantCulture) : "-";

    /// <summary>Short code of an intent for the matrix: two letters, then the other capitals ("SoftwareConfiguration" → "SoC").</summary>
    private static string Code(string intent) => intent[..Math.Min(2, intent.Length)] + string.Concat(intent.Skip(2).Where(char.IsUpper));

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
