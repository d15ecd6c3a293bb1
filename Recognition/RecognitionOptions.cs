namespace SupportBot.Recognition;

/// <summary>Bound from the "Recognition" section.</summary>
public sealed class RecognitionOptions
{
    public const string Section = "Recognition";

    /// <summary>Below this top score the result is not confident: the dialog offers the two best guesses ("Did you mean…").</summary>
    public double ConfidenceThreshold { get; set; } = 0.5;
}
