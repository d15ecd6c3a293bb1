using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>Small dialogs the engine tests run: a profile waterfall (text, choice, confirm), a form, nested components.</summary>
public static class TestDialogs
{
    /// <summary>Name → topic → confirm; says a summary and ends with the typed state.</summary>
    public static ComponentDialog Profile(IChoiceRenderer? choices = null) => new TestComponent("root",
        new WaterfallDialog<ProfileState>("profile",
        [
            (step, ct) =>
            {
                step.State.Steps++;
                return step.PromptAsync("text", Ask.Text("What is your name?"), ct);
            },
            (step, ct) =>
            {
                step.State.Name = step.ResultText;
                step.State.Steps++;
                return step.PromptAsync("choice", Localized(Ask.Choose("Which topic?", Ask.Topics()), "话题？", "トピックは？"), ct);
            },
            (step, ct) =>
            {
                step.State.Topic = step.ResultChoice!.Value;
                step.State.Steps++;
                return step.PromptAsync("confirm", Localized(Ask.Text("Shall I go on?"), "继续吗？", "続けますか？"), ct);
            },
            async (step, ct) =>
            {
                await step.Context.SendActivityAsync($"{step.State.Name} / {step.State.Topic} / {step.ResultBoolean} / {step.State.Steps} steps", ct);
                return await step.EndDialogAsync(step.State, ct);
            },
        ]),
        new TextPrompt("text"),
        new ChoicePrompt("choice", choices, messages: TranslatedPrompts.Instance),
        new ConfirmPrompt("confirm", messages: TranslatedPrompts.Instance));

    /// <summary>Form "contact" then "Anything else?"; ends with the form values.</summary>
    public static ComponentDialog FormThenConfirm() => new TestComponent("root",
        new WaterfallDialog<ProfileState>("contact-flow",
        [
            (step, ct) => step.PromptAsync("contact", new CardFormOptions { Form = "contact" }, ct),
            async (step, ct) =>
            {
                if (step.Result is null) await step.Context.SendActivityAsync("Form cancelled.", ct);
                else await step.Context.SendActivityAsync($"Thanks, {step.Result.Value.GetProperty("name").GetString()}.", ct);
                return await step.PromptAsync("confirm", Ask.Text("Anything else?"), ct);
            },
            (step, ct) => step.EndDialogAsync(step.ResultBoolean, ct),
        ]),
        new CardFormPrompt("contact", new TestFormRenderer(), new TestFormValidator()),
        new ConfirmPrompt("confirm"));

    /// <summary>root → outer waterfall → middle component → inner component → text prompt; results bubble up.</summary>
    public static ComponentDialog Nested() => new TestComponent("root",
        new WaterfallDialog<ProfileState>("outer",
        [
            (step, ct) => step.BeginDialogAsync("middle", cancellationToken: ct),
            async (step, ct) =>
            {
                await step.Context.SendActivityAsync($"middle returned {step.ResultText}", ct);
                return await step.EndDialogAsync(step.ResultText, ct);
            },
        ]),
        new TestComponent("middle",
            new WaterfallDialog<ProfileState>("middle-steps",
            [
                (step, ct) => step.BeginDialogAsync("inner", cancellationToken: ct),
                (step, ct) => step.EndDialogAsync($"<{step.ResultText}>", ct),
            ]),
            new TestComponent("inner",
                new WaterfallDialog<ProfileState>("inner-steps",
                [
                    (step, ct) => step.PromptAsync("inner-text", Ask.Text("Inner question?"), ct),
                    (step, ct) => step.EndDialogAsync(step.ResultText!.ToUpperInvariant(), ct),
                ]),
                new TextPrompt("inner-text"))));

    /// <summary>The prompt as a key (its English text) that <see cref="TranslatedPrompts"/> renders in each language.</summary>
    private static PromptOptions Localized(PromptOptions options, string chinese, string japanese)
    {
        var english = options.Prompt!.Text!;
        TranslatedPrompts.Add(english, chinese, japanese);
        options.Prompt = PromptMessage.Of(english);
        return options;
    }
}

/// <summary>A prompt-message renderer over a small table of translations (the app's renders Content/strings keys).</summary>
public sealed class TranslatedPrompts : IPromptMessageRenderer
{
    public static TranslatedPrompts Instance { get; } = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Table = new();

    public static void Add(string english, string chinese, string japanese) => Table[english] = new Dictionary<string, string>
    {
        [DialogLanguage.English] = english,
        [DialogLanguage.ChineseSimplified] = chinese,
        [DialogLanguage.Japanese] = japanese,
    };

    public Activity Render(SupportBot.Bot.Turn.TurnContext turn, string language, PromptMessage message) =>
        Activity.CreateMessage(Table[message.Key!][language]);
}
