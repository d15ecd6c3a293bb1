using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;
using SupportBot.Requests;
using SupportBot.Requests.Commands;
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
        var values = Prefill(turn, options, step.Language);
        if (RequestForms.Find(options.Form)!.Field("email") is not null && await ChannelEmailAsync(turn, cancellationToken) is { } email)
            values["email"] = email;
        return await step.PromptAsync(SupportDialog.FormPromptId, new CardFormOptions { Form = options.Form, Values = values }, cancellationToken);
    }

    /// <summary>How long the form waits for the channel to say who the person is before showing the field empty.</summary>
    private static readonly TimeSpan MemberLookupTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The person's e-mail where the channel gives it: Teams names it on the conversation's members (PROTOCOL.md §2,
    /// Get members), not on the activity. Asked only in a one-to-one Teams chat (two members); anything that goes
    /// wrong leaves the field for the person to fill.
    /// </summary>
    private static async Task<string?> ChannelEmailAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.ChannelId != Channels.MsTeams || activity.Conversation?.ConversationType is not (null or "personal") || activity.Conversation?.IsGroup == true
            || activity.From?.Id is not { } userId) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MemberLookupTimeout);
        try
        {
            var members = await turn.GetConversationMembersAsync(timeout.Token);
            var me = members.FirstOrDefault(member => member.Id == userId);
            // Checked like anything typed when the form comes back.
            return me?.Properties?.GetValueOrDefault("email") is { ValueKind: JsonValueKind.String } email && email.GetString() is { Length: > 0 and <= 254 } address
                ? address : null;
        }
        catch (Exception failure) when (failure is ConnectorException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
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
        // The prompt completes only on a submit its validator (RequestFormCards) accepted; that check left the values in the turn.
        var validated = turn.Get<ValidatedForm>() as RequestForm
            ?? throw new InvalidOperationException($"The card-form prompt completed '{step.State.Form}' without checked values.");

        var filed = await requests.FileAsync(RequestFilings.File(new FileRequest(NewRequest(turn, step.Language, validated, submissionId), time.GetUtcNow())), cancellationToken);
        metrics.RequestFiled(filed);
        await SendReceiptAsync(turn, step.Language, filed.Request, repeated: !filed.Created, cancellationToken);
        return await step.EndDialogAsync(cancellationToken: cancellationToken);
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

    private NewRequest NewRequest(TurnContext turn, string language, RequestForm form, string submissionId)
    {
        var values = form.Values.ToDictionary(v => v.Key, v => v.Value);
        return new NewRequest
        {
            SubmissionId = submissionId,
            Kind = form.Files.Kind,
            Queue = form.Files.Queue,
            Requester = RequesterIdentity.Of(turn.Activity, RequesterIdentity.RoleOf(session.RoleOf(turn)),
                Language.Normalize(values.GetValueOrDefault("preferredLanguage")) ?? language,
                name: values.GetValueOrDefault("contactName"),
                organisation: values.GetValueOrDefault("organisation") ?? values.GetValueOrDefault("customerName")),
            Title = form.Title(key => replies.Text(language, key)),
            Area = form.Area,
            Severity = WireNames.Of(form.Severity),
            Form = values,
            SelfHelp = turn.State.Conversation.Find<SelfHelpRecord>(SelfHelpFlow.SelfHelpProperty),
        };
    }
}
