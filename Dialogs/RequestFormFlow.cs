using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Forms;
using SupportBot.Telemetry;

namespace SupportBot.Dialogs;

/// <param name="Form">One of the request forms of <see cref="RequestForms"/>.</param>
/// <param name="IntroKey">A string said before the form (e.g. why it is shown).</param>
/// <param name="Area">Pre-selected area (the guide the person came from).</param>
/// <param name="Category">Pre-selected Partner Center request category (the guide's <c>notSolved</c>).</param>
public sealed record RequestFormOptions(string Form, string? IntroKey = null, string? Area = null, string? Category = null);

public sealed class RequestFormState
{
    public string Form { get; set; } = "";
}

/// <summary>
/// A request form to the partner's helpdesk or to 21Vianet: shows the card (with the self-help already tried),
/// validates it on the server until it is right, files the request once per submission, and replaces the form
/// with a read-only receipt so its buttons cannot be pressed again.
/// </summary>
public sealed class RequestFormFlow(Replies replies, SupportSession session, IRequestStore requests, RequestViews views, TimeProvider time, SupportMetrics metrics)
{
    public const string DialogId = "requestForm";

    public Dialog Create() => new WaterfallDialog<RequestFormState>(DialogId, [ShowFormAsync, FileAsync]);

    private async Task<DialogTurnResult> ShowFormAsync(WaterfallStepContext<RequestFormState> step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<RequestFormOptions>() ?? throw new InvalidOperationException("A form is required.");
        var turn = step.Context;
        step.State.Form = options.Form;
        if (options.IntroKey is not null) await turn.SendActivityAsync(replies.Say(turn, step.Language, options.IntroKey), cancellationToken);

        // The self-help tried is shown from its record (guide id, steps, answer), rendered in the language of each showing.
        turn.State.Conversation.Set(FormContext.StateProperty, new FormContext { ShowsSelfHelp = true });
        return await step.PromptAsync(SupportDialog.FormPromptId, new CardFormOptions { Form = options.Form, Values = Prefill(turn, options, step.Language) }, cancellationToken);
    }

    private static JsonObject Prefill(TurnContext turn, RequestFormOptions options, string language)
    {
        var form = RequestForms.Find(options.Form)!;
        var values = new JsonObject();
        if (form.Field("contactName") is not null && turn.Activity.From?.Name is { Length: > 0 } name && turn.Activity.ChannelId == Channels.MsTeams)
            values["contactName"] = name;
        if (form.Field("preferredLanguage") is not null) values["preferredLanguage"] = language;
        if (form.Field("area") is { } area && options.Area is { } picked && area.Choices.Contains(picked)) values["area"] = picked;
        if (form.Field("category") is { } category && options.Category is { } chosen && category.Choices.Contains(chosen)) values["category"] = chosen;
        return values;
    }

    private async Task<DialogTurnResult> FileAsync(WaterfallStepContext<RequestFormState> step, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        turn.State.Conversation.Remove(FormContext.StateProperty);
        if (step.Result is not { ValueKind: JsonValueKind.Object } result)
        {
            await turn.SendActivityAsync(replies.Say(turn, step.Language, "form.cancelled"), cancellationToken);
            return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }

        // The submit that completed the prompt is this turn's activity; its submission id makes filing idempotent.
        var submission = CardSubmission.From(turn.Activity);
        var submissionId = submission?.SubmissionId ?? Guid.NewGuid().ToString("N");
        var form = RequestForms.Find(step.State.Form)!;
        var validated = FormValidator.Validate(form, result).Form
            ?? throw new InvalidOperationException("The card-form prompt returned values that do not validate.");

        var filed = await requests.FileAsync(NewRequest(turn, step.Language, form, validated, submissionId), Outbox, cancellationToken);
        metrics.RequestFiled(filed);
        await SendReceiptAsync(turn, step.Language, filed.Request, repeated: !filed.Created, cancellationToken);
        return await step.EndDialogAsync(cancellationToken: cancellationToken);
    }

    /// <summary>What filing causes, stored in the same transaction: the agents' notification, and for requests to
    /// 21Vianet the filing with the escalation sink (Partner Center API or the built-in store).</summary>
    private IReadOnlyList<OutboxMessage> Outbox(ServiceRequest request)
    {
        var now = time.GetUtcNow();
        var outbox = new List<OutboxMessage> { OutboxMessage.Create(OutboxKinds.AgentNotification, request.Id, new AgentNotification(request.Id, AgentNotification.Created), now) };
        if (request.Kind is RequestKind.PartnerCenterRequest or RequestKind.Escalation)
            outbox.Add(OutboxMessage.Create(OutboxKinds.EscalationFiling, request.Id, new EscalationFiling(request.Id), now));
        return outbox;
    }

    /// <summary>The receipt in place of the form where the channel can update messages, else after it.</summary>
    public async Task SendReceiptAsync(TurnContext turn, string language, ServiceRequest request, bool repeated, CancellationToken cancellationToken)
    {
        var inPlace = !repeated && turn.Activity.ReplyToId is { Length: > 0 } && Channels.CanUpdateMessages(turn.Activity.ChannelId);
        var receipt = replies.Card(turn, language, views.Receipt(request, language, repeated, formAbove: !inPlace && !repeated));
        if (inPlace)
        {
            receipt.Id = turn.Activity.ReplyToId;
            await turn.UpdateActivityAsync(receipt, cancellationToken);
            await turn.SendActivityAsync(replies.Say(turn, language, "receipt.title", request.Id), cancellationToken);
            return;
        }
        await turn.SendActivityAsync(receipt, cancellationToken);
    }

    private NewRequest NewRequest(TurnContext turn, string language, FormDefinition form, ValidatedForm validated, string submissionId)
    {
        var values = validated.Values.ToDictionary(v => v.Key, v => v.Value);
        var (kind, queue) = form.Name switch
        {
            RequestForms.ServiceRequestName => (RequestKind.ServiceRequest, AgentQueue.PartnerHelpdesk),
            RequestForms.SubscriptionChangeName => (RequestKind.SubscriptionChange, AgentQueue.PartnerHelpdesk),
            RequestForms.PartnerCenterRequestName => (RequestKind.PartnerCenterRequest, AgentQueue.VianetDesk),
            RequestForms.EscalationName => (RequestKind.Escalation, AgentQueue.VianetDesk),
            _ => throw new InvalidOperationException($"'{form.Name}' is not a request form."),
        };
        var activity = turn.Activity;
        var teams = activity.GetChannelData<TeamsChannelData>();
        return new NewRequest
        {
            SubmissionId = submissionId,
            Kind = kind,
            Queue = queue,
            Requester = new Requester
            {
                ChannelId = activity.ChannelId!,
                UserId = activity.From!.Id!,
                Name = values.GetValueOrDefault("contactName") ?? activity.From.Name,
                Role = WelcomeFlow.RoleKey(session.RoleOf(turn)),
                TenantId = activity.Conversation?.TenantId ?? teams?.Tenant?.Id,
                Organisation = values.GetValueOrDefault("organisation") ?? values.GetValueOrDefault("customerName"),
                Language = Language.Normalize(values.GetValueOrDefault("preferredLanguage")) ?? language,
                Conversation = activity.GetConversationReference(),
            },
            Title = Title(kind, values, language),
            Area = values.GetValueOrDefault("area") ?? values.GetValueOrDefault("service") ?? values.GetValueOrDefault("category"),
            Severity = values.GetValueOrDefault("severity") ?? "minimal",
            Form = values,
            SelfHelp = turn.State.Conversation.Find<SelfHelpRecord>(SelfHelpFlow.SelfHelpProperty),
        };
    }

    private string Title(RequestKind kind, IReadOnlyDictionary<string, string> values, string language) => kind switch
    {
        RequestKind.SubscriptionChange => $"{replies.Text(language, $"form.subscriptionChange.change.{values["change"]}")}: {values["product"]}"
            + (values.GetValueOrDefault("quantity") is { } quantity ? $" × {quantity}" : ""),
        RequestKind.Escalation => $"{values["customerName"]}: {replies.Text(language, $"form.escalation.service.{values["service"]}")}",
        _ => values["title"],
    };
}
