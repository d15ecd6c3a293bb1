using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>Accepts or rejects what a prompt recognised; it may send its own message, else the retry prompt is sent.</summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> prompt, CancellationToken cancellationToken);
