using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// What a prompt says, kept as data with the prompt and rendered each time it is sent, in that turn's language (so a
/// reprompt after a language switch speaks the new one): a <see cref="Key"/> and its <see cref="Arguments"/>, which the
/// app's <see cref="IPromptMessageRenderer"/> turns into a message, or <see cref="Text"/> that reads the same in every language.
/// </summary>
public sealed record PromptMessage
{
    public string? Key { get; init; }
    public List<string> Arguments { get; init; } = [];
    public string? Text { get; init; }

    public static PromptMessage Of(string key, params string[] arguments) => new() { Key = key, Arguments = [.. arguments] };

    public static PromptMessage Literal(string text) => new() { Text = text };
}

/// <summary>Renders a <see cref="PromptMessage"/> key in a language (the engine knows no strings; the app does).</summary>
public interface IPromptMessageRenderer
{
    Activity Render(TurnContext turn, string language, PromptMessage message);
}
