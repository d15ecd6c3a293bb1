using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>What a validator is given: the recognised answer, the prompt's options and how often it asked.</summary>
public sealed record PromptValidatorContext<T>(TurnContext Context, T Recognized, PromptOptions Options, int Attempts, string Language);
