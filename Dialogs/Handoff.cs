using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Bot.Logging;

namespace SupportBot.Dialogs;

/// <summary>The Bot Framework handoff protocol for external agent hubs, bound from <c>Handoff</c>.</summary>
public sealed class HandoffOptions
{
    public const string Section = "Handoff";

    /// <summary>Also send a <c>handoff.initiate</c> event (with the transcript) when a live chat starts.</summary>
    public bool SendHandoffInitiate { get; set; }

    /// <summary>How many recent activities (user and bot) the transcript keeps.</summary>
    public int TranscriptLength { get; set; } = 50;
}

/// <summary>The recent activities of a conversation (conversation state), for the handoff transcript.</summary>
public sealed class ConversationTranscript
{
    public const string StateProperty = "transcript";

    public List<Activity> Activities { get; set; } = [];

    /// <summary>Longest text kept per activity; a transcript is context for a person, not an archive.</summary>
    private const int MaxTextLength = 2000;

    public void Add(Activity activity, int keep)
    {
        Activities.Add(Slim(activity));
        if (Activities.Count > keep) Activities.RemoveRange(0, Activities.Count - keep);
    }

    /// <summary>
    /// What a person reading the transcript needs: who said what, when. Card content is left out (a card can be
    /// tens of KB and the state document has to stay small); its content type shows that a card was there.
    /// </summary>
    private static Activity Slim(Activity activity) => new()
    {
        Type = activity.Type,
        Id = activity.Id,
        Timestamp = activity.Timestamp ?? DateTimeOffset.UtcNow,
        ChannelId = activity.ChannelId,
        From = activity.From,
        Recipient = activity.Recipient,
        Conversation = activity.Conversation is { } conversation ? new ConversationAccount(conversation.Id!) : null,
        Locale = activity.Locale,
        Text = activity.Text is { Length: > MaxTextLength } text ? text[..MaxTextLength] : activity.Text,
        Value = activity.Value is { } value && value.GetRawText().Length <= MaxTextLength ? value : null,
        Attachments = activity.Attachments?.Select(a => new Attachment { ContentType = a.ContentType, Name = a.Name }).ToList(),
    };
}

/// <summary>
/// Keeps the last <see cref="HandoffOptions.TranscriptLength"/> messages of each conversation, the person's and the
/// bot's, while handoff is on. Recorded as they happen, so they are saved with the turn's state.
/// </summary>
public sealed class TranscriptMiddleware(IOptions<HandoffOptions> options) : ITurnMiddleware
{
    public async Task OnTurnAsync(TurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.SendHandoffInitiate)
        {
            await next(cancellationToken);
            return;
        }
        var transcript = turn.State.Conversation.Get<ConversationTranscript>(ConversationTranscript.StateProperty);
        if (turn.Activity.IsType(ActivityTypes.Message)) transcript.Add(turn.Activity, settings.TranscriptLength);
        void OnSending(Activity sent)
        {
            if (sent.IsType(ActivityTypes.Message)) transcript.Add(sent, settings.TranscriptLength);
        }
        turn.Sending += OnSending;
        try
        {
            await next(cancellationToken);
        }
        finally
        {
            turn.Sending -= OnSending;
        }
    }
}

/// <summary>The routing context of a <c>handoff.initiate</c> event: what a hub needs to pick an agent.</summary>
public sealed record HandoffContext(string RequestId, string Queue, string Language, string Role, string? Topic, string? LastPhrase);

/// <summary>
/// Sends <c>handoff.initiate</c> when a live chat starts (if configured), and answers <c>handoff.status</c>.
/// PROTOCOL.md §7.1 (bot-service-design-pattern-handoff-human.md; Microsoft.Bot.Builder EventFactory.cs)
/// </summary>
public sealed class HandoffEvents(IOptions<HandoffOptions> options, Replies replies, SupportSession session, ILogger<HandoffEvents> logger)
{
    public const string InitiateEvent = "handoff.initiate";
    public const string StatusEvent = "handoff.status";
    public const string TranscriptName = "Transcript";

    public async Task InitiateAsync(TurnContext turn, ServiceRequest request, string language, CancellationToken cancellationToken)
    {
        if (!options.Value.SendHandoffInitiate) return;
        var activities = turn.State.Conversation.Find<ConversationTranscript>(ConversationTranscript.StateProperty)?.Activities ?? [];
        var lastPhrase = activities.LastOrDefault(a => a.From?.Id == turn.Activity.From?.Id && !string.IsNullOrWhiteSpace(a.Text))?.Text;
        var context = new HandoffContext(request.Id, request.Queue.ToString(), language, request.Requester.Role, request.SelfHelp?.GuideId, lastPhrase);
        var initiate = new Activity
        {
            Type = ActivityTypes.Event,
            Name = InitiateEvent,
            Id = Guid.NewGuid().ToString(),
            Timestamp = DateTimeOffset.UtcNow,
            Value = ProtocolJson.ToElement(context),
            Attachments = [new Attachment { ContentType = "application/json", Name = TranscriptName, Content = ProtocolJson.ToElement(new { activities }) }],
            RelatesTo = turn.Activity.GetConversationReference(),
            ReplyToId = turn.Activity.Id,
        };
        await turn.SendActivityAsync(initiate, cancellationToken);
        logger.LogInformation("Sent handoff.initiate for {RequestId} with {Count} transcript activities", request.Id, activities.Count);
    }

    /// <summary>A hub's news about the handoff: logged; a failure is told to the person (their request stays open).</summary>
    public async Task OnStatusAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var value = turn.Activity.Value;
        var state = value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        logger.LogInformation("handoff.status {State} in {ConversationId}", LogValue.Quote(state), LogValue.Quote(turn.Activity.Conversation?.Id));
        if (state == "failed")
            await turn.SendActivityAsync(replies.Say(turn, session.LanguageOf(turn), "relay.handoffFailed"), cancellationToken);
    }
}
