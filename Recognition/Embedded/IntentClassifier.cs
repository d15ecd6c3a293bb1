namespace SupportBot.Recognition.Embedded;

/// <summary>
/// Multinomial logistic regression over hashed features (<see cref="IntentFeatures"/>), trained by averaged SGD, with
/// naive Bayes log-likelihood ratios of the same features added to its weights (an NB-LR ensemble that stays one
/// linear model: one table lookup per feature at run time). Softmax with a temperature gives scores in 0..1 that sum
/// to 1 and track accuracy (eval-intents prints the calibration). Immutable after training, so safe to share between turns.
/// </summary>
internal sealed class IntentClassifier
{
    private readonly string[] _intents;
    private readonly int[] _rowOfBucket;  // bucket → row in _weights, -1 when the bucket never occurred in training
    private readonly float[] _weights;    // [row * classes + class]: dense over seen buckets, so it stays in cache

    private readonly double _temperature;

    private IntentClassifier(string[] intents, int[] rowOfBucket, float[] weights, double temperature) =>
        (_intents, _rowOfBucket, _weights, _temperature) = (intents, rowOfBucket, weights, temperature);

    public sealed record Example(string Text, string Intent, string Language);

    // Chosen by cross-validation (eval-intents --cross-validate 5): 10 epochs reach the plateau; more epochs, other rates or a
    // bigger hash space (2^20) cost time, not accuracy.
    // NaiveBayes (the weight of the NB ratios) and Temperature (logits × it before softmax) were chosen the same way:
    // NB 0.3 gains 0.6 points; without the temperature its scores get overconfident and "Did you mean…" is offered less.
    public sealed record Settings(int Epochs = 10, double LearningRate = 4, double Decay = 0.3, int Seed = 17, double NaiveBayes = 0.3, double Temperature = 0.7);

    public static IntentClassifier Train(IReadOnlyList<string> intents, IReadOnlyList<Example> examples, Settings? settings = null)
    {
        settings ??= new Settings();
        var classes = intents.Count;
        var index = intents.Select((intent, i) => (intent, i)).ToDictionary(p => p.intent, p => p.i, StringComparer.Ordinal);
        var rowOfBucket = new int[IntentFeatures.BucketCount];
        Array.Fill(rowOfBucket, -1);
        var rows = 0;
        var data = new (int[] Rows, int Label)[examples.Count];
        for (var n = 0; n < data.Length; n++)
        {
            var features = IntentFeatures.Extract(TextFolding.Fold(examples[n].Text, examples[n].Language), examples[n].Language);
            for (var k = 0; k < features.Length; k++)
                features[k] = rowOfBucket[features[k]] >= 0 ? rowOfBucket[features[k]] : rowOfBucket[features[k]] = rows++;
            data[n] = (features, index[examples[n].Intent]);
        }

        var weights = new float[rows * classes];
        var accumulated = new float[weights.Length]; // averaging: average = w - accumulated / steps
        var random = new Random(settings.Seed);
        var order = Enumerable.Range(0, data.Length).ToArray();
        var probabilities = new double[classes];
        var gradient = new float[classes];
        var step = 1;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = settings.LearningRate / (1 + epoch * settings.Decay);
            foreach (var n in order)
            {
                var (features, label) = data[n];
                var value = (float)(1 / Math.Sqrt(features.Length));
                Scores(weights, classes, features, value, probabilities);
                var any = false;
                for (var k = 0; k < classes; k++)
                {
                    var g = (float)(rate * ((k == label ? 1 : 0) - probabilities[k]) * value);
                    // Dropping negligible updates keeps subnormal floats (very slow arithmetic) out of the weights.
                    gradient[k] = Math.Abs(g) < 1e-6f ? 0 : g;
                    any |= gradient[k] != 0;
                }
                if (any)
                    foreach (var f in features)
                    {
                        var row = weights.AsSpan(f * classes, classes);
                        var sum = accumulated.AsSpan(f * classes, classes);
                        for (var k = 0; k < classes; k++)
                        {
                            row[k] += gradient[k];
                            sum[k] += step * gradient[k];
                        }
                    }
                step++;
            }
        }
        for (var i = 0; i < weights.Length; i++) weights[i] -= accumulated[i] / step;
        if (settings.NaiveBayes > 0) AddNaiveBayes(weights, classes, rows, data, settings.NaiveBayes);
        return new IntentClassifier(intents.ToArray(), rowOfBucket, weights, settings.Temperature);
    }

    /// <summary>Adds strength × log P(feature | intent) (Laplace-smoothed, centred per feature: softmax ignores a shared offset).</summary>
    private static void AddNaiveBayes(float[] weights, int classes, int rows, (int[] Rows, int Label)[] data, double strength)
    {
        var counts = new float[rows * classes];
        var totals = new double[classes];
        foreach (var (features, label) in data)
            foreach (var f in features)
            {
                counts[f * classes + label]++;
                totals[label]++;
            }
        const double alpha = 0.5;
        var logProbability = new double[classes];
        for (var f = 0; f < rows; f++)
        {
            var mean = 0.0;
            for (var k = 0; k < classes; k++) mean += logProbability[k] = Math.Log((counts[f * classes + k] + alpha) / (totals[k] + alpha * rows));
            mean /= classes;
            for (var k = 0; k < classes; k++) weights[f * classes + k] += (float)(strength * (logProbability[k] - mean));
        }
    }

    /// <summary>Intents with their probabilities, best first; null when nothing in the text occurred in training.</summary>
    public IReadOnlyList<IntentScore>? Predict(string text, string language)
    {
        var buckets = IntentFeatures.Extract(TextFolding.Fold(text, language), language);
        var seen = 0;
        foreach (var bucket in buckets) if (_rowOfBucket[bucket] >= 0) buckets[seen++] = _rowOfBucket[bucket];
        // The bias and language features are in every example: at least one real feature must have been seen.
        if (seen <= 2) return null;
        var probabilities = new double[_intents.Length];
        Scores(_weights, _intents.Length, buckets.AsSpan(0, seen), (float)(_temperature / Math.Sqrt(buckets.Length)), probabilities);
        var result = new IntentScore[_intents.Length];
        for (var k = 0; k < result.Length; k++) result[k] = new IntentScore(_intents[k], probabilities[k]);
        Array.Sort(result, (a, b) => b.Score.CompareTo(a.Score));
        return result;
    }

    private static void Scores(float[] weights, int classes, ReadOnlySpan<int> rows, float value, double[] probabilities)
    {
        Array.Clear(probabilities);
        foreach (var row in rows)
        {
            var offset = row * classes;
            for (var k = 0; k < classes; k++) probabilities[k] += weights[offset + k];
        }
        var max = double.NegativeInfinity;
        for (var k = 0; k < classes; k++) max = Math.Max(max, probabilities[k] *= value);
        var sum = 0.0;
        // Below e^-30 a class is irrelevant; clamping also keeps Math.Exp away from (slow) subnormal results.
        for (var k = 0; k < classes; k++) sum += probabilities[k] = probabilities[k] - max < -30 ? 0 : Math.Exp(probabilities[k] - max);
        for (var k = 0; k < classes; k++) probabilities[k] /= sum;
    }
}
