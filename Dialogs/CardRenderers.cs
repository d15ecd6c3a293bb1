using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Engine.Prompts;
using SupportBot.Requests;
using SupportBot.Requests.Forms;

namespace SupportBot.Dialogs;

/// <summary>Choice and confirm prompts as Adaptive Card buttons: they work in Teams, Web Chat and the Agents
/// Playground alike (hero-card buttons and suggested actions do not: issue 7). Typed answers work too.</summary>
public sealed class AdaptiveChoiceRenderer(Replies replies) : IChoiceRenderer
{
    /// <summary>The question with the answer given and no buttons (Teams updates the card in place).</summary>
    public Activity RenderAnswered(ChoiceRendering rendering, Choice answer) =>
        ReadOnly(rendering, replies.Text(rendering.Language, "choice.answered", answer.TitleFor(rendering.Language)));

    public Activity RenderClosed(ChoiceRendering rendering) => ReadOnly(rendering, replies.Text(rendering.Language, "choice.closed"));

    private static Activity ReadOnly(ChoiceRendering rendering, string line)
    {
        var message = rendering.Prompt;
        var card = ChoiceCard.Build(rendering.Language, $"{message.Text}\n\n{line}", []);
        message.Text = null;
        message.Attachments = [card.ToAttachment()];
        return message;
    }

    public Activity Render(ChoiceRendering rendering)
    {
        var message = rendering.Prompt;
        var card = ChoiceCard.Build(rendering.Language, message.Text ?? "", rendering.Choices.Select(choice =>
            new CardButton(choice.TitleFor(rendering.Language), new Dictionary<string, string>
            {
                [CardSubmitKeys.Choice] = choice.Value,
                [CardSubmitKeys.SubmissionId] = rendering.SubmissionId,
            })));
        message.Text = null;
        message.Attachments = [card.ToAttachment()];
        return message;
    }
}

/// <summary>
/// What a form card shows besides its inputs, kept in conversation state by the flow that opens the form as data (the
/// card is re-rendered on every invalid submit, help and language switch, each time in the person's current language):
/// the self-help tried in this chat (from its <see cref="SelfHelpRecord"/>, by guide id), or the remediation plan answered.
/// </summary>
public sealed class FormContext
{
    public const string StateProperty = "formContext";

    public bool ShowsSelfHelp { get; set; }
    public RemediationPlan? RemediationPlan { get; set; }
}

/// <summary>Renders and validates the request forms of <see cref="RequestForms"/> for the card-form prompt.</summary>
public sealed class RequestFormCards(Replies replies, RequestViews views) : ICardFormRenderer, ICardFormValidator
{
    public Activity Render(CardFormRendering form)
    {
        var definition = RequestForms.Find(form.Form) ?? throw new InvalidOperationException($"No form '{form.Form}'.");
        var (readOnlyTitle, readOnlyLines) = ReadOnlyPart(form.Context, form.Language);
        var values = form.Values.Where(v => v.Value is not null)
            .ToDictionary(v => v.Key, v => v.Value!.GetValueKind() == JsonValueKind.String ? v.Value.GetValue<string>() : v.Value.ToJsonString());
        var card = FormCard.Build(new FormCard.Rendering(definition, form.Language, key => replies.TryText(form.Language, key),
            values, form.Errors, form.SubmissionId, readOnlyTitle, readOnlyLines));
        return replies.Card(form.Context, form.Language, card);
    }

    /// <summary>The form once it is no longer current (answered elsewhere, cancelled, started over): its title and why, no inputs.</summary>
    public Activity RenderClosed(CardFormRendering form, CardFormClosing why)
    {
        var definition = RequestForms.Find(form.Form) ?? throw new InvalidOperationException($"No form '{form.Form}'.");
        var title = replies.TryText(form.Language, $"form.{definition.Name}.title") ?? definition.Name;
        var card = FactsCard.Build(form.Language, title, replies.Text(form.Language, $"form.closed.{why}"), []);
        return replies.Card(form.Context, form.Language, card);
    }

    private (string? Title, List<string>? Lines) ReadOnlyPart(TurnContext turn, string language)
    {
        var context = turn.State.Conversation.Find<FormContext>(FormContext.StateProperty);
        if (context?.RemediationPlan is { } plan)
            return (replies.Text(language, "form.remediationPlan.title"), views.RemediationLines(plan, language).ToList());
        if (context?.ShowsSelfHelp != true) return (null, null);
        var selfHelp = turn.State.Conversation.Find<SelfHelpRecord>(SelfHelpFlow.SelfHelpProperty);
        return (replies.Text(language, "form.selfHelp.title"),
            selfHelp is not null && views.SelfHelpLines(selfHelp, language) is { Count: > 0 } lines ? lines : [replies.Text(language, "form.selfHelp.none")]);
    }

    public Task<IReadOnlyDictionary<string, string>> ValidateAsync(CardFormValidation form, CancellationToken cancellationToken)
    {
        var definition = RequestForms.Find(form.Form) ?? throw new InvalidOperationException($"No form '{form.Form}'.");
        var result = FormValidator.Validate(definition, JsonSerializer.SerializeToElement(form.Values));
        // The flow that asked for the form reads the checked values from the turn instead of checking them again.
        if (result.Form is { } valid) form.Context.Set(valid);
        IReadOnlyDictionary<string, string> errors = result.Errors
            .GroupBy(e => e.FieldId)
            .ToDictionary(g => g.Key, g => replies.Text(form.Language, g.First().ErrorKey, g.First().Arguments));
        return Task.FromResult(errors);
    }
}

/// <summary>Words that work as commands in any of the three languages (Content/strings/commands.&lt;language&gt;.json).</summary>
public sealed class CommandWords(Replies replies)
{
    public const string Help = "command.help";
    public const string Cancel = "command.cancel";
    public const string StartOver = "command.startOver";
    public const string Agent = "command.agent";
    public const string Status = "command.status";
    public const string PartnerClaim = "command.partnerClaim";

    private readonly Dictionary<string, HashSet<string>> _words = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="text"/> is one of the command's phrases (whole message, any language).</summary>
    public bool Is(string command, string? text) =>
        Normalize(text) is { Length: > 0 } normalized && Words(command).Contains(normalized);

    /// <summary>
    /// The command a typed message is, as the topic its button would send (so a word and a button take one path);
    /// null when the message is no command.
    /// </summary>
    public Topic? AsTopic(string? text)
    {
        if (LanguageSwitch(text) is { } language) return new Topic(Topic.Language, language);
        foreach (var (command, kind) in Topics)
            if (Is(command, text)) return new Topic(kind);
        return null;
    }

    // In the order they are tried; a phrase belongs to one command only.
    private static readonly (string Command, string Kind)[] Topics =
    [
        (Help, Topic.Help), (Cancel, Topic.Cancel), (StartOver, Topic.StartOver), (PartnerClaim, Topic.ClaimPartner),
        (Agent, Topic.Agent), (Status, Topic.Status),
    ];

    /// <summary>The language the text asks to switch to, if it is a language command.</summary>
    public string? LanguageSwitch(string? text) =>
        Localization.Language.All.FirstOrDefault(language => Is($"command.language.{language}", text));

    private HashSet<string> Words(string command)
    {
        lock (_words)
        {
            if (_words.TryGetValue(command, out var words)) return words;
            words = Localization.Language.All
                .SelectMany(language => replies.Text(language, command).Split('|'))
                .Select(Normalize).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
            _words[command] = words;
            return words;
        }
    }

    // Case, width and trailing punctuation do not matter: "Cancel!", "ｃａｎｃｅｌ" and "取消。" all cancel.
    private static string Normalize(string? text) =>
        (text ?? "").Normalize(System.Text.NormalizationForm.FormKC).Trim().TrimEnd('.', '!', '?', '。', '！', '？', '、').Trim().ToLowerInvariant();
}
