using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>Accepts or rejects what a prompt recognised; it may send its own message, else the retry prompt is sent.</summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> prompt, CancellationToken cancellationToken);

public sealed record PromptValidatorContext<T>(TurnContext Context, T Recognized, PromptOptions Options, int Attempts, string Language);

/// <summary>What a prompt made of the user's message.</summary>
public readonly record struct PromptRecognition<T>(bool Succeeded, T? Value)
{
    public static PromptRecognition<T> Failed => default;

    public static PromptRecognition<T> Success(T value) => new(true, value);
}
