using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>What a prompt says and offers. Stored with the prompt's instance, so it is plain data.</summary>
public sealed class PromptOptions
{
    public Activity? Prompt { get; set; }

    /// <summary>Said when the answer was not understood; the prompt is repeated when absent.</summary>
    public Activity? RetryPrompt { get; set; }

    /// <summary>The prompt in each language (en, zh-Hans, ja), so a reprompt after a language switch speaks the new one.</summary>
    public Dictionary<string, Activity>? PromptByLanguage { get; set; }

    public Dictionary<string, Activity>? RetryPromptByLanguage { get; set; }

    /// <summary>The choices of a <see cref="ChoicePrompt"/>; for a <see cref="ConfirmPrompt"/>, optional yes and no buttons (values "yes", "no").</summary>
    public List<Choice>? Choices { get; set; }

    public Activity? PromptFor(string language) => PromptByLanguage?.GetValueOrDefault(language) ?? Prompt;

    public Activity? RetryPromptFor(string language) =>
        RetryPromptByLanguage?.GetValueOrDefault(language) ?? RetryPrompt ?? PromptFor(language);
}
