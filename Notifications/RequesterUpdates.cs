using System.Text.Json;
using SupportBot.Dialogs;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Outbox;

namespace SupportBot.Notifications;

/// <summary>
/// Renders some <see cref="RequesterUpdate"/> events as the message the requester reads, in <paramref name="language"/>.
/// The extension point of the requester side: register one per group of events (agent joined/left and relayed
/// messages live with the live relay); every event must have exactly one renderer.
/// </summary>
public interface IRequesterUpdateRenderer
{
    IReadOnlyCollection<string> Events { get; }

    Activity Render(ServiceRequest request, RequesterUpdate update, string language);
}

/// <summary>
/// Sends <see cref="RequesterUpdate"/>s: picks the renderer of the event, renders it in the requester's language
/// and sends it proactively into the conversation they filed from (Teams or Web Chat alike) through
/// <see cref="BotAdapter.ContinueConversationAsync"/>.
/// </summary>
public sealed class RequesterUpdateSender(IRequestStore requests, IEnumerable<IRequesterUpdateRenderer> renderers, BotAdapter adapter) : IOutboxSender
{
    private readonly Dictionary<string, IRequesterUpdateRenderer> _renderers = renderers
        .SelectMany(renderer => renderer.Events.Select(@event => (@event, renderer)))
        .ToDictionary(pair => pair.@event, pair => pair.renderer, StringComparer.Ordinal);

    public string Kind => OutboxKinds.RequesterUpdate;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var update = message.Payload.Deserialize<RequesterUpdate>(ProtocolJson.Options)
            ?? throw new OutboxPermanentException("The requester-update payload is empty.");
        if (!_renderers.TryGetValue(update.Event, out var renderer))
            throw new OutboxPermanentException($"No renderer for requester update '{update.Event}'.");
        var request = await requests.GetAsync(update.RequestId, cancellationToken)
            ?? throw new OutboxPermanentException($"No request {update.RequestId}.");
        var language = Language.FromLocale(request.Requester.Language);
        var activity = renderer.Render(request, update, language);
        activity.Locale ??= Language.ToLocale(language);
        await adapter.ContinueConversationAsync(request.Requester.Conversation, async (turn, ct) =>
        {
            // The requester's next message answers the question (Dialogs/RequesterChat reads it back).
            if (update.Event == RequesterUpdate.Question) PendingQuestion.Set(turn, update.RequestId, update.Text ?? "");
            await turn.SendActivityAsync(activity, ct);
        }, cancellationToken);
    }
}

/// <summary>The updates an agent's action causes: acknowledged, question, escalated, remediation requested, resolved.</summary>
public sealed class AgentActionUpdates(Replies replies, RequestViews views) : IRequesterUpdateRenderer
{
    public IReadOnlyCollection<string> Events { get; } =
    [
        RequesterUpdate.Acknowledged, RequesterUpdate.Question, RequesterUpdate.Escalated, RequesterUpdate.RemediationRequested, RequesterUpdate.Resolved,
    ];

    public Activity Render(ServiceRequest request, RequesterUpdate update, string language)
    {
        string T(string key, params object?[] args) => replies.Text(language, key, args);
        var by = update.By ?? "";
        return update.Event switch
        {
            RequesterUpdate.Acknowledged => Text(T("requester.update.acknowledged", by, request.Id, request.Title)),
            RequesterUpdate.Question => Text($"{T("requester.update.question", request.Id, request.Title)}\n\n{update.Text}\n\n{T("requester.update.questionReply")}"),
            RequesterUpdate.Escalated => Text(T("requester.update.escalated", request.Id, request.Title, update.Text ?? "")),
            RequesterUpdate.RemediationRequested => Card(language, RemediationCard(request, language)),
            RequesterUpdate.Resolved => Card(language, ResolvedCard(request, update, language)),
            _ => throw new OutboxPermanentException($"{nameof(AgentActionUpdates)} does not render '{update.Event}'."),
        };
    }

    /// <summary>The plan 21Vianet's desk asks the partner to agree to, with the button StatusFlow answers.</summary>
    public AdaptiveCard RemediationCard(ServiceRequest request, string language)
    {
        string T(string key, params object?[] args) => replies.Text(language, key, args);
        return FactsCard.Build(language, request.Id,
            UserText.EscapeMarkdown(T("requester.update.remediationRequested", request.Id, request.Title), 600), [],
            request.RemediationPlan is { } plan ? [new FactsCard.Section(T("form.remediationPlan.title"), views.RemediationLines(plan, language), UserText: true)] : [],
            [new CardButton(T("requester.update.remediationAnswer"), new Topic(Topic.Request, StatusFlow.Remediation, request.Id).ToData(), ActionStyle.Positive)]);
    }

    /// <summary>The resolution note and the three answers the requester side handles (Dialogs/Topics: topic "request").</summary>
    public AdaptiveCard ResolvedCard(ServiceRequest request, RequesterUpdate update, string language)
    {
        string T(string key, params object?[] args) => replies.Text(language, key, args);
        return FactsCard.Build(language, request.Id,
            UserText.EscapeMarkdown(T("requester.update.resolved", request.Id, request.Title, update.By ?? ""), 600), [],
            [
                new FactsCard.Section(T("requester.update.resolution"), [update.Text ?? ""], UserText: true),
                new FactsCard.Section(T("requester.update.resolvedAsk"), []),
            ],
            [
                new CardButton(T("requester.update.confirmSolved"), new Topic(Topic.Request, "confirmSolved", request.Id).ToData(), ActionStyle.Positive),
                new CardButton(T("requester.update.reopen"), new Topic(Topic.Request, "reopen", request.Id).ToData()),
                new CardButton(T("requester.update.rate"), new Topic(Topic.Request, "rate", request.Id).ToData()),
            ]);
    }

    // What the agent wrote goes out as plain text: never markdown the agent did not mean.
    private static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text, TextFormat = TextFormatTypes.Plain };

    private static Activity Card(string language, AdaptiveCard card) => new()
    {
        Type = ActivityTypes.Message,
        Locale = Language.ToLocale(language),
        Attachments = [card.ToAttachment()],
    };
}
