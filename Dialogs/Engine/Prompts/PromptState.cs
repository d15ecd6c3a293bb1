namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>A prompt's instance state: its options, how often it asked, and the id of the card (or buttons) it last sent.</summary>
public sealed class PromptState
{
    public PromptOptions Options { get; set; } = new();
    public int Attempts { get; set; }
    public string SubmissionId { get; set; } = string.Empty;
}

/// <summary>Every card or set of buttons a prompt sends gets a new id, so only the latest one can answer it.</summary>
public static class SubmissionIds
{
    public static string New() => Guid.NewGuid().ToString("N");
}
