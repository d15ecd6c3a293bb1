using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>
/// Asks yes or no; the result is a boolean. Buttons are <see cref="PromptOptions.Choices"/> (values "yes" and
/// "no") when given, else the built-in labels of the user's language. Any language's yes/no is understood.
/// </summary>
public sealed class ConfirmPrompt(string id, IChoiceRenderer? renderer = null, PromptValidator<bool>? validator = null, IPromptMessageRenderer? messages = null)
    : Prompt<bool>(id, validator, messages)
{
    private readonly IChoiceRenderer _renderer = renderer ?? SuggestedActionsChoiceRenderer.Instance;

    protected override Activity CreatePrompt(DialogContext dc, PromptOptions options, bool isRetry, string submissionId) =>
        _renderer.Render(new ChoiceRendering(PromptText(dc, options, isRetry), Buttons(dc, options), dc.Language, submissionId));

    protected override Activity? Answered(DialogContext dc, PromptState state, Activity prompt, bool value)
    {
        var buttons = Buttons(dc, state.Options);
        var answer = buttons.FirstOrDefault(b => b.Value == (value ? ConfirmWords.YesValue : ConfirmWords.NoValue)) ?? ConfirmWords.Buttons(dc.Language)[value ? 0 : 1];
        return _renderer.RenderAnswered(new ChoiceRendering(prompt, buttons, dc.Language, state.SubmissionId), answer);
    }

    protected override Activity? Closed(DialogContext dc, PromptState state, Activity prompt) =>
        _renderer.RenderClosed(new ChoiceRendering(prompt, Buttons(dc, state.Options), dc.Language, state.SubmissionId));

    protected override PromptRecognition<bool> Recognize(DialogContext dc, PromptState state)
    {
        var submitted = SubmittedChoice(dc);
        var text = submitted ?? dc.Context.Activity.GetTextWithoutBotMention();
        var answer = ConfirmWords.Recognize(text) ?? FromButtons(text, Buttons(dc, state.Options));
        return answer is { } yes ? PromptRecognition<bool>.Success(yes) : PromptRecognition<bool>.Failed;
    }

    private static IReadOnlyList<Choice> Buttons(DialogContext dc, PromptOptions options) =>
        options.Choices is { Count: > 0 } custom ? custom : ConfirmWords.Buttons(dc.Language);

    // Custom labels ("Yes, close it") answer too.
    private static bool? FromButtons(string? text, IReadOnlyList<Choice> buttons) =>
        ChoiceRecognizer.Recognize(text, buttons, allowPartialMatch: false)?.Value switch
        {
            ConfirmWords.YesValue => true,
            ConfirmWords.NoValue => false,
            _ => null,
        };
}
