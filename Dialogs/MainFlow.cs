using System.Text.RegularExpressions;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Guides;
using SupportBot.Recognition;
using SupportBot.Recognition.Unrecognized;
using SupportBot.Requests.Forms;
using SupportBot.Telemetry;

namespace SupportBot.Dialogs;

public sealed class MainState
{
}

/// <summary>
/// Where every conversation turn starts when no flow is waiting: a menu button, a request number, or free text
/// through the intent recognizer picks the flow. Not understood → the menu again; the third miss in a row offers
/// a person. Not sure → "Did you mean…" with the two best guesses as buttons.
/// </summary>
public sealed partial class MainFlow(
    IIntentRecognizer recognizer, GuideCatalog guides, Replies replies, SupportSession session, WelcomeFlow welcome, RequesterChat chat,
    UnrecognizedLog unrecognized, SupportMetrics metrics)
{
    public const string DialogId = "main";

    public Dialog Create() => new WaterfallDialog<MainState>(DialogId, [RouteAsync, DoneAsync]);

    private async Task<DialogTurnResult> RouteAsync(WaterfallStepContext<MainState> step, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        if (Topic.From(turn) is { } topic) return await RouteTopicAsync(step, topic, cancellationToken);

        var text = turn.Activity.GetTextWithoutBotMention();
        if (string.IsNullOrWhiteSpace(text))
        {
            await welcome.SendMenuAsync(turn, replies.Text(step.Language, "welcome.topics"), cancellationToken);
            return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }
        if (RequestNumber().Match(text) is { Success: true } number)
            return await Understood(step).BeginDialogAsync(StatusFlow.DialogId, new StatusOptions(number.Value, StatusFlow.Details), cancellationToken);

        var recognized = await recognizer.RecognizeAsync(text, step.Language, cancellationToken);
        metrics.IntentRecognised(recognized.TopIntent, recognized.IsConfident && recognized.TopIntent != Intents.None, recognized.Recognizer, step.Language);
        turn.State.Conversation.Get<ConversationFlags>(ConversationFlags.StateProperty).Heard(turn.Activity.From?.Name ?? "", turn.Activity.Timestamp ?? DateTimeOffset.UtcNow, text,
            recognized.IsConfident && recognized.TopIntent is not (Intents.None or Intents.Greeting or Intents.TalkToAgent or Intents.Help or Intents.Cancel) ? recognized.TopIntent : null);
        if (recognized.Entity(EntityCategories.SrId) is { } srId)
            return await Understood(step).BeginDialogAsync(StatusFlow.DialogId, new StatusOptions(srId.Value ?? srId.Text, StatusFlow.Details), cancellationToken);
        // Kept (masked) for content writers: `dotnet run -- unrecognized` lists the most frequent.
        await unrecognized.RecordAsync(text, step.Language, recognized, cancellationToken);
        // Not sure what it is: guess only when the best guess is a real topic; either way it counts as a miss.
        if (!recognized.IsConfident)
            return await MissAsync(step, recognized.DidYouMean(), cancellationToken);
        return await RouteIntentAsync(step, recognized.TopIntent, cancellationToken);
    }

    private Task<DialogTurnResult> DoneAsync(WaterfallStepContext<MainState> step, CancellationToken cancellationToken) =>
        step.EndDialogAsync(cancellationToken: cancellationToken);

    private async Task<DialogTurnResult> RouteTopicAsync(WaterfallStepContext<MainState> step, Topic topic, CancellationToken cancellationToken)
    {
        switch (topic.Kind)
        {
            case Topic.Guide when topic.Value is { } guideId && guides.TryGet(guideId, step.Language, out _):
                return await BeginGuideAsync(step, guideId, cancellationToken);
            case Topic.Intent when topic.Value is { } intent:
                return await RouteIntentAsync(step, intent, cancellationToken);
            case Topic.Status:
                return await Understood(step).BeginDialogAsync(StatusFlow.DialogId, new StatusOptions(), cancellationToken);
            case Topic.Request when topic.RequestId is { } id:
                return await Understood(step).BeginDialogAsync(StatusFlow.DialogId, new StatusOptions(id, topic.Value), cancellationToken);
            case Topic.Agent:
                return await RouteIntentAsync(step, Intents.TalkToAgent, cancellationToken);
            case Topic.Help:
                return await RouteIntentAsync(step, Intents.Help, cancellationToken);
            default:
                await welcome.SendMenuAsync(step.Context, replies.Text(step.Language, "welcome.topics"), cancellationToken);
                return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }
    }

    private async Task<DialogTurnResult> RouteIntentAsync(WaterfallStepContext<MainState> step, string intent, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        var role = session.RoleOf(turn);
        switch (intent)
        {
            case Intents.Greeting:
                Understood(step);
                await welcome.GreetAgainAsync(turn, cancellationToken);
                return await step.EndDialogAsync(cancellationToken: cancellationToken);
            case Intents.Help:
                Understood(step);
                await welcome.SendMenuAsync(turn, replies.Text(step.Language, "help.text"), cancellationToken);
                return await step.EndDialogAsync(cancellationToken: cancellationToken);
            case Intents.Cancel:
                Understood(step);
                await welcome.SendMenuAsync(turn, replies.Text(step.Language, "cancel.nothing"), cancellationToken);
                return await step.EndDialogAsync(cancellationToken: cancellationToken);
            case Intents.RequestStatus or Intents.RemediationPlan:
                return await Understood(step).BeginDialogAsync(StatusFlow.DialogId, new StatusOptions(), cancellationToken);
            case Intents.TalkToAgent:
                return await TalkToPersonAsync(step, role, cancellationToken);
            case Intents.PartnerCenterIssue when role == GuideRole.Customer:
                return await PartnerOnlyAsync(step, "partnerOnly.partnerCenter", cancellationToken);
            case Intents.EscalateCustomerIssue when role == GuideRole.Customer:
                return await PartnerOnlyAsync(step, "partnerOnly.escalation", cancellationToken);
            case Intents.EscalateCustomerIssue:
                return await Understood(step).BeginDialogAsync(EscalationPrecheckFlow.DialogId, cancellationToken: cancellationToken);
        }
        if (guides.ByIntent(intent) is { } guideId && guides.Get(guideId, step.Language).IsFor(role))
            return await BeginGuideAsync(step, guideId, cancellationToken);
        return await MissAsync(step, [], cancellationToken);
    }

    private Task<DialogTurnResult> BeginGuideAsync(WaterfallStepContext<MainState> step, string guideId, CancellationToken cancellationToken) =>
        guideId == GuideIds.EscalationPrecheck && session.RoleOf(step.Context) != GuideRole.Customer
            ? Understood(step).BeginDialogAsync(EscalationPrecheckFlow.DialogId, cancellationToken: cancellationToken)
            : Understood(step).BeginDialogAsync(SelfHelpFlow.DialogId, new SelfHelpOptions(guideId), cancellationToken);

    /// <summary>A person is asked to join the chat (a live-chat request to the queue for the person's role).</summary>
    private async Task<DialogTurnResult> TalkToPersonAsync(WaterfallStepContext<MainState> step, GuideRole role, CancellationToken cancellationToken)
    {
        Understood(step);
        if (role == GuideRole.Agent) return await SayAndEndAsync(step, "agent.agent", cancellationToken);
        await chat.StartAsync(step.Context, step.Language, role, cancellationToken);
        return await step.EndDialogAsync(cancellationToken: cancellationToken);
    }

    private async Task<DialogTurnResult> PartnerOnlyAsync(WaterfallStepContext<MainState> step, string explanation, CancellationToken cancellationToken)
    {
        Understood(step);
        await step.Context.SendActivityAsync(replies.Say(step.Context, step.Language, explanation), cancellationToken);
        return await step.BeginDialogAsync(RequestFormFlow.DialogId, new RequestFormOptions(RequestForms.ServiceRequestName), cancellationToken);
    }

    private async Task<DialogTurnResult> MissAsync(WaterfallStepContext<MainState> step, IReadOnlyList<IntentScore> guesses, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        var flags = turn.State.Conversation.Get<ConversationFlags>(ConversationFlags.StateProperty);
        flags.Misses++;
        if (flags.Misses >= 3)
        {
            flags.Misses = 0;
            var language = step.Language;
            var card = ChoiceCard.Build(language, replies.Text(language, "misunderstood.offerPerson"),
            [
                new CardButton(replies.Text(language, "menu.agent"), new Topic(Topic.Agent).ToData(), ActionStyle.Positive),
                new CardButton(replies.Text(language, "menu.help"), new Topic(Topic.Help).ToData()),
            ]);
            await turn.SendActivityAsync(replies.Card(turn, language, card), cancellationToken);
        }
        else if (guesses.Count > 0)
        {
            await OfferGuessesAsync(step, guesses, cancellationToken);
        }
        else
        {
            await welcome.SendMenuAsync(turn, replies.Text(step.Language, "misunderstood"), cancellationToken);
        }
        return await step.EndDialogAsync(cancellationToken: cancellationToken);
    }

    private async Task OfferGuessesAsync(WaterfallStepContext<MainState> step, IReadOnlyList<IntentScore> guesses, CancellationToken cancellationToken)
    {
        var language = step.Language;
        var buttons = guesses.Select(guess => new CardButton(IntentTitle(guess.Intent, language), new Topic(Topic.Intent, guess.Intent).ToData()));
        var card = ChoiceCard.Build(language, replies.Text(language, "didYouMean"), buttons);
        await step.Context.SendActivityAsync(replies.Card(step.Context, language, card), cancellationToken);
    }

    private string IntentTitle(string intent, string language) =>
        guides.ByIntent(intent) is { } guideId ? guides.Get(guideId, language).Title : replies.TryText(language, $"intent.{intent}") ?? intent;

    private async Task<DialogTurnResult> SayAndEndAsync(WaterfallStepContext<MainState> step, string key, CancellationToken cancellationToken)
    {
        await step.Context.SendActivityAsync(replies.Say(step.Context, step.Language, key), cancellationToken);
        return await step.EndDialogAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The turn was understood: the run of misses is over.</summary>
    private static WaterfallStepContext<MainState> Understood(WaterfallStepContext<MainState> step)
    {
        step.Context.State.Conversation.Get<ConversationFlags>(ConversationFlags.StateProperty).Misses = 0;
        return step;
    }

    [GeneratedRegex(@"\bSR-\d{8}-\d{4,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex RequestNumber();
}
