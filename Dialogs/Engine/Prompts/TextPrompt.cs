using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>Asks for free text; the result is the text (a card submit without text is not an answer).</summary>
public sealed class TextPrompt(string id, PromptValidator<string>? validator = null, IPromptMessageRenderer? messages = null)
    : Prompt<string>(id, validator, messages)
{
    protected override Activity CreatePrompt(DialogContext dc, PromptOptions options, bool isRetry, string submissionId) =>
        PromptText(dc, options, isRetry);

    protected override PromptRecognition<string> Recognize(DialogContext dc, PromptState state) =>
        dc.Context.Activity.GetTextWithoutBotMention() is { Length: > 0 } text
            ? PromptRecognition<string>.Success(text)
            : PromptRecognition<string>.Failed;
}
