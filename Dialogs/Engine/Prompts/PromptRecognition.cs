namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>What a prompt made of the user's message.</summary>
public readonly record struct PromptRecognition<T>(bool Succeeded, T? Value)
{
    public static PromptRecognition<T> Failed => default;

    public static PromptRecognition<T> Success(T value) => new(true, value);
}
