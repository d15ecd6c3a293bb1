namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>A prompt's instance state: its options, how often it asked, and the id of the card (or buttons) it last sent.</summary>
public sealed class PromptState
{
    public PromptOptions Options { get; set; } = new();
    public int Attempts { get; set; }
    public string SubmissionId { get; set; } = string.Empty;

    /// <summary>The id of the message the prompt was last sent as (from the channel's answer), to update it once answered.</summary>
    public string? ActivityId { get; set; }
}
