using System.Diagnostics;
using System.Globalization;
using SupportBot.Recognition.Embedded;

namespace SupportBot.Recognition;

/// <summary>
/// <c>dotnet run -- eval-intents &lt;file.tsv&gt;</c>: accuracy of the embedded recognizer on a labelled file
/// (<c>lang&lt;TAB&gt;intent&lt;TAB&gt;text</c>, header line first), per language and overall, the most frequent
/// confusions, per-utterance latency (p50/p99 after a warm-up pass) and the training time; <c>--errors</c> lists every miss.
/// </summary>
public static class IntentEvaluation
{
    public sealed record LabelledUtterance(string Language, string Intent, string Text);

    /// <param name="Guesses">The two best intents other than None (what "Did you mean…" would offer).</param>
    public sealed record Prediction(LabelledUtterance Expected, string Predicted, double Score, IReadOnlyList<string>? Guesses = null);

    public static async Task<int> RunAsync(string[] args)
    {
        var listErrors = args.Contains("--errors");
        args = args.Where(a => a != "--errors").ToArray();
        if (args.Length != 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: dotnet run -- eval-intents <file.tsv> [--errors]   (lang<TAB>intent<TAB>text, header line first)");
            return 2;
        }
        IReadOnlyList<LabelledUtterance> utterances;
        try
        {
            utterances = ReadTsv(await File.ReadAllLinesAsync(args[0]));
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var project = CluProject.LoadEmbedded();
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
            predictions.Add(new Prediction(utterances[i], result.TopIntent, result.TopScore, result.Alternatives.Select(a => a.Intent).ToList()));
        }

        foreach (var line in Report(predictions)) Console.WriteLine(line);
        Console.WriteLine(ThresholdSummary(predictions, new RecognitionOptions().ConfidenceThreshold));
        if (listErrors)
            foreach (var p in predictions.Where(p => p.Predicted != p.Expected.Intent))
                Console.WriteLine($"  miss [{p.Expected.Language}] {p.Expected.Intent} → {p.Predicted} ({p.Score:F2}): {p.Expected.Text}");
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency per utterance: p50 {Percentile(latencies, 0.50):F3} ms, p99 {Percentile(latencies, 0.99):F3} ms, max {latencies[^1]:F3} ms ({latencies.Length} utterances, after warm-up)"));
        return 0;
    }

    /// <summary>Parses the TSV; the first line is a header and is skipped; blank lines are ignored.</summary>
    public static IReadOnlyList<LabelledUtterance> ReadTsv(IEnumerable<string> lines)
    {
        var result = new List<LabelledUtterance>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (number == 1 || string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split('\t');
            if (fields.Length != 3 || fields.Any(string.IsNullOrWhiteSpace))
                throw new FormatException($"line {number}: expected lang<TAB>intent<TAB>text, got \"{line}\"");
            if (!Localization.Language.IsSupported(fields[0]))
                throw new FormatException($"line {number}: language \"{fields[0]}\" is not one of {string.Join(", ", Localization.Language.All)}");
            if (!Intents.All.Contains(fields[1]))
                throw new FormatException($"line {number}: unknown intent \"{fields[1]}\"");
            result.Add(new LabelledUtterance(fields[0], fields[1], fields[2]));
        }
        return result;
    }

    public static double Accuracy(IEnumerable<Prediction> predictions)
    {
        var list = predictions.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(p => p.Predicted == p.Expected.Intent) / list.Count;
    }

    public static IEnumerable<string> Report(IReadOnlyList<Prediction> predictions)
    {
        foreach (var group in predictions.GroupBy(p => p.Expected.Language))
            yield return string.Create(CultureInfo.InvariantCulture,
                $"accuracy {group.Key,-8} {Accuracy(group):P1} ({group.Count(p => p.Predicted == p.Expected.Intent)}/{group.Count()})");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"accuracy overall  {Accuracy(predictions):P1} ({predictions.Count(p => p.Predicted == p.Expected.Intent)}/{predictions.Count})");
        var confusions = predictions.Where(p => p.Predicted != p.Expected.Intent)
            .GroupBy(p => (p.Expected.Intent, p.Predicted))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Intent, StringComparer.Ordinal)
            .Take(10).ToList();
        yield return confusions.Count == 0 ? "confusions: none" : "top confusions (expected → predicted: count, e.g.):";
        foreach (var g in confusions)
            yield return $"  {g.Key.Intent} → {g.Key.Predicted}: {g.Count()}, e.g. [{g.First().Expected.Language}] \"{g.First().Expected.Text}\"";
    }

    /// <summary>How the default confidence threshold splits the results, and how often "Did you mean…" would hold the answer.</summary>
    public static string ThresholdSummary(IReadOnlyList<Prediction> predictions, double threshold)
    {
        var confident = predictions.Where(p => p.Score >= threshold).ToList();
        var unsure = predictions.Where(p => p.Score < threshold).ToList();
        var rescued = unsure.Count(p => p.Predicted == p.Expected.Intent || (p.Guesses ?? []).Contains(p.Expected.Intent));
        return string.Create(CultureInfo.InvariantCulture,
            $"threshold {threshold:F2}: {confident.Count}/{predictions.Count} confident, {Accuracy(confident):P1} of them right; " +
            $"{unsure.Count} ambiguous, right intent among the top guesses in {rescued}/{unsure.Count}");
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
