using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>What a choice renderer is given.</summary>
/// <param name="Prompt">The prompt's own message (text in the user's language), to add the choices to.</param>
public sealed record ChoiceRendering(Activity Prompt, IReadOnlyList<Choice> Choices, string Language, string SubmissionId);
