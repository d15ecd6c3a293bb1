using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// Asks the user to pick one of <see cref="PromptOptions.Choices"/>; the result is a <see cref="FoundChoice"/>.
/// The renderer is given here, not in the options, because options are stored and a renderer is code.
/// </summary>
public sealed class ChoicePrompt(string id, IChoiceRenderer? renderer = null, PromptValidator<FoundChoice>? validator = null, IPromptMessageRenderer? messages = null)
    : Prompt<FoundChoice>(id, validator, messages)
{
    private readonly IChoiceRenderer _renderer = renderer ?? SuggestedActionsChoiceRenderer.Instance;

    protected override Activity CreatePrompt(DialogContext dc, PromptOptions options, bool isRetry, string submissionId) =>
        _renderer.Render(new ChoiceRendering(PromptText(dc, options, isRetry), options.Choices ?? [], dc.Language, submissionId));

    protected override Activity? Answered(DialogContext dc, PromptState state, Activity prompt, FoundChoice value) =>
        _renderer.RenderAnswered(new ChoiceRendering(prompt, state.Options.Choices ?? [], dc.Language, state.SubmissionId), (state.Options.Choices ?? [])[value.Index]);

    protected override Activity? Closed(DialogContext dc, PromptState state, Activity prompt) =>
        _renderer.RenderClosed(new ChoiceRendering(prompt, state.Options.Choices ?? [], dc.Language, state.SubmissionId));

    protected override PromptRecognition<FoundChoice> Recognize(DialogContext dc, PromptState state)
    {
        var choices = state.Options.Choices ?? [];
        var found = SubmittedChoice(dc) is { } submitted
            ? ChoiceRecognizer.FindValue(submitted, choices)
            : ChoiceRecognizer.Recognize(dc.Context.Activity.GetTextWithoutBotMention(), choices);
        return found is null ? PromptRecognition<FoundChoice>.Failed : PromptRecognition<FoundChoice>.Success(found);
    }
}
