namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>
/// The keys the engine reads in an Action.Submit's <c>data</c>. Teams and Web Chat send the action's <c>data</c>
/// merged with the inputs' values as the message <c>value</c> (PROTOCOL.md §4.2, §5.3); an input whose id equals
/// a data key overwrites it, so no input may be named like these.
/// </summary>
public static class CardSubmitKeys
{
    /// <summary>The form the card belongs to (the card-form prompt's form name).</summary>
    public const string Form = "form";

    /// <summary>The id the prompt gave the card it sent; a submit that does not carry the active one is stale.</summary>
    public const string SubmissionId = "submissionId";

    /// <summary>Which button: <see cref="CardSubmitActions"/>; absent means submit.</summary>
    public const string Action = "action";

    /// <summary>The chosen value on a choice or confirm card.</summary>
    public const string Choice = "choice";

    /// <summary>Teams' own directives in <c>data</c> (PROTOCOL.md §4.2); never form values.</summary>
    public const string Teams = "msteams";

    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal) { Form, SubmissionId, Action, Teams };
}
