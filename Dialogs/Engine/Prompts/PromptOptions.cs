namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>What a prompt says and offers. Stored with the prompt's instance, so it is plain data: keys, not rendered messages.</summary>
public sealed class PromptOptions
{
    public PromptMessage? Prompt { get; set; }

    /// <summary>Said when the answer was not understood; the prompt is repeated when absent.</summary>
    public PromptMessage? RetryPrompt { get; set; }

    /// <summary>The choices of a <see cref="ChoicePrompt"/>; for a <see cref="ConfirmPrompt"/>, optional yes and no buttons (values "yes", "no").</summary>
    public List<Choice>? Choices { get; set; }
}
