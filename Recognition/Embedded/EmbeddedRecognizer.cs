using System.Diagnostics;

namespace SupportBot.Recognition.Embedded;

/// <summary>
/// The in-process recognizer: trained at start-up from the same CLU project file that CLU is trained from,
/// no network. Used when CLU is not configured, and as the fallback when CLU fails.
/// </summary>
public sealed class EmbeddedRecognizer : IIntentRecognizer
{
    private readonly IntentClassifier _classifier;
    private readonly EntityExtractor _entities;

    private EmbeddedRecognizer(IntentClassifier classifier, EntityExtractor entities, TimeSpan trainingTime, int trainingUtterances) =>
        (_classifier, _entities, TrainingTime, TrainingUtterances) = (classifier, entities, trainingTime, trainingUtterances);

    /// <summary>How long <see cref="Train"/> took (feature extraction and all epochs).</summary>
    public TimeSpan TrainingTime { get; }

    public int TrainingUtterances { get; }

    /// <summary>Trains on the project's utterances of the Train dataset (all languages in one model).</summary>
    public static EmbeddedRecognizer Train(CluProject project)
    {
        var stopwatch = Stopwatch.StartNew();
        var intents = project.Assets.Intents.Select(i => i.Category).ToArray();
        var examples = project.Assets.Utterances
            .Where(u => u.Dataset is null or "Train")
            .Select(u => new IntentClassifier.Example(u.Text, u.Intent, CluLanguages.ToLanguage(u.Language)))
            .ToArray();
        var classifier = IntentClassifier.Train(intents, examples);
        var entities = EntityExtractor.From(project);
        return new EmbeddedRecognizer(classifier, entities, stopwatch.Elapsed, examples.Length);
    }

    public Task<RecognitionResult> RecognizeAsync(string text, string language, CancellationToken cancellationToken) =>
        Task.FromResult(Recognize(text, language));

    /// <param name="language">A language tag (<see cref="Localization.Language.Normalize"/>): one model serves all three
    /// languages, the language adds its prior and, for Chinese, Traditional characters are read as Simplified.</param>
    public RecognitionResult Recognize(string text, string language)
    {
        text ??= "";
        language = Localization.Language.FromLocale(language);
        var intents = _classifier.Predict(text, language) ?? [new IntentScore(Intents.None, 1.0)];
        return new RecognitionResult
        {
            Text = text,
            Intents = intents,
            Entities = _entities.Extract(text),
            Recognizer = RecognizerNames.Embedded,
        };
    }
}
