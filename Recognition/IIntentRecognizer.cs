namespace SupportBot.Recognition;

/// <summary>Finds what a user wants (an intent from <see cref="Intents"/>) and the entities in what they typed.</summary>
public interface IIntentRecognizer
{
    /// <param name="text">The user's message as typed.</param>
    /// <param name="language">One of <see cref="Localization.Language"/>: "en", "zh-Hans" or "ja".</param>
    Task<RecognitionResult> RecognizeAsync(string text, string language, CancellationToken cancellationToken);
}

/// <summary>One intent and its score in 0..1.</summary>
public sealed record IntentScore(string Intent, double Score);

/// <summary>An entity found in the text; <see cref="Offset"/> and <see cref="Length"/> are UTF-16 code units (.NET string indices).</summary>
/// <param name="Value">The normalised value (list key such as "ExchangeOnline", "critical", or the SR id itself); null when none.</param>
public sealed record RecognizedEntity(string Category, string Text, int Offset, int Length, string? Value);

/// <summary>What a recognizer made of one message.</summary>
public sealed record RecognitionResult
{
    public required string Text { get; init; }

    /// <summary>Intents ordered by score, best first. Never empty: at least <see cref="Intents.None"/>.</summary>
    public required IReadOnlyList<IntentScore> Intents { get; init; }

    public IReadOnlyList<RecognizedEntity> Entities { get; init; } = [];

    /// <summary>Which recognizer answered: <see cref="RecognizerNames"/>.</summary>
    public required string Recognizer { get; init; }

    /// <summary>False when the best score is below the configured threshold: show <see cref="Alternatives"/> as "Did you mean…".</summary>
    public bool IsConfident { get; init; } = true;

    public string TopIntent => Intents.Count > 0 ? Intents[0].Intent : Recognition.Intents.None;

    public double TopScore => Intents.Count > 0 ? Intents[0].Score : 0;

    /// <summary>The two best guesses other than None, for "Did you mean…" buttons when not confident.</summary>
    public IReadOnlyList<IntentScore> Alternatives =>
        Intents.Where(i => i.Intent != Recognition.Intents.None).Take(2).ToList();

    /// <summary>
    /// What "Did you mean…" offers when not confident: the two best topics (not None, Help, Cancel or Greeting, which
    /// are no topic to pick), and nothing when the best guess is None or the best topic scored under
    /// <paramref name="minimumScore"/>. eval-intents scores the same rule.
    /// </summary>
    public IReadOnlyList<IntentScore> DidYouMean(double minimumScore = DefaultMinimumGuessScore)
    {
        if (TopIntent == Recognition.Intents.None) return [];
        var topics = Intents.Where(i => i.Intent is not (Recognition.Intents.None or Recognition.Intents.Help
            or Recognition.Intents.Cancel or Recognition.Intents.Greeting)).Take(2).ToList();
        return topics.Count > 0 && topics[0].Score >= minimumScore ? topics : [];
    }

    public const double DefaultMinimumGuessScore = 0.2;

    public RecognizedEntity? Entity(string category) => Entities.FirstOrDefault(e => e.Category == category);
}

/// <summary>Names for <see cref="RecognitionResult.Recognizer"/>.</summary>
public static class RecognizerNames
{
    public const string Clu = "clu";
    public const string Embedded = "embedded";
}

/// <summary>Intent names, exactly as in DESIGN.md and the CLU project (Recognition/clu/SupportBot.clu.json).</summary>
public static class Intents
{
    public const string AccountSetup = nameof(AccountSetup);
    public const string AdminTasks = nameof(AdminTasks);
    public const string Billing = nameof(Billing);
    public const string SubscriptionChange = nameof(SubscriptionChange);
    public const string ServiceHealth = nameof(ServiceHealth);
    public const string ServiceUpdates = nameof(ServiceUpdates);
    public const string SoftwareConfiguration = nameof(SoftwareConfiguration);
    public const string Connectivity = nameof(Connectivity);
    public const string Performance = nameof(Performance);
    public const string PartnerCenterIssue = nameof(PartnerCenterIssue);
    public const string EscalateCustomerIssue = nameof(EscalateCustomerIssue);
    public const string RemediationPlan = nameof(RemediationPlan);
    public const string RequestStatus = nameof(RequestStatus);
    public const string TalkToAgent = nameof(TalkToAgent);
    public const string Help = nameof(Help);
    public const string Cancel = nameof(Cancel);
    public const string Greeting = nameof(Greeting);
    public const string None = nameof(None);

    public static IReadOnlyList<string> All { get; } =
    [
        AccountSetup, AdminTasks, Billing, SubscriptionChange, ServiceHealth, ServiceUpdates,
        SoftwareConfiguration, Connectivity, Performance, PartnerCenterIssue, EscalateCustomerIssue,
        RemediationPlan, RequestStatus, TalkToAgent, Help, Cancel, Greeting, None,
    ];
}

/// <summary>Entity categories, as declared in the CLU project.</summary>
public static class EntityCategories
{
    public const string Product = nameof(Product);
    public const string SrId = nameof(SrId);
    public const string Severity = nameof(Severity);

    /// <summary>A number of things ("add 5 licences", "再加十个许可"); the value is the number in ASCII digits.</summary>
    public const string Quantity = nameof(Quantity);
}
