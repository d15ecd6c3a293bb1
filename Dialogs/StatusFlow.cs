using System.Globalization;
using System.Text.Json;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.CardForms;
using SupportBot.Dialogs.Guides;
using SupportBot.Requests;
using SupportBot.Requests.Commands;
using SupportBot.Requests.Forms;

namespace SupportBot.Dialogs;

/// <param name="Action">null = the list; "details", "withdraw", "comment", "remediation", or one of <see cref="ResolutionActions"/>.</param>
public sealed record StatusOptions(string? RequestId = null, string? Action = null);

public sealed class StatusState
{
    public string? RequestId { get; set; }
    public string? Action { get; set; }
}

/// <summary>
/// "What's the status of my requests": the list, one request's details and history, and what a requester can do
/// to an open request: withdraw it, add a comment, answer a remediation plan. People see only their own requests;
/// agents can look up any.
/// </summary>
public sealed class StatusFlow(Replies replies, SupportSession session, IRequestStore requests, RequestViews views, ResolutionActions resolution, TimeProvider time)
{
    public const string DialogId = "status";
    public const string Details = "details";
    public const string Withdraw = "withdraw";
    public const string Comment = "comment";
    public const string Remediation = "remediation";

    public Dialog Create() => new WaterfallDialog<StatusState>(DialogId, [StartAsync, ApplyAsync]);

    private async Task<DialogTurnResult> StartAsync(WaterfallStepContext<StatusState> step, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        var options = step.GetOptions<StatusOptions>() ?? new StatusOptions();
        step.State.RequestId = options.RequestId;
        step.State.Action = options.Action;

        if (options.RequestId is null)
        {
            var mine = await requests.ListByRequesterAsync(turn.Activity.ChannelId!, turn.Activity.From!.Id!, cancellationToken);
            await turn.SendActivityAsync(mine.Count == 0
                ? replies.Say(turn, step.Language, "status.none")
                : replies.Card(turn, step.Language, views.List(mine, step.Language)), cancellationToken);
            return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }

        var request = await FindVisibleAsync(turn, options.RequestId, cancellationToken);
        if (request is null)
        {
            await turn.SendActivityAsync(replies.Say(turn, step.Language, "status.notFound", options.RequestId), cancellationToken);
            return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }

        if (ResolutionActions.Handles(options.Action))
        {
            await resolution.HandleAsync(turn, step.Language, request, options.Action!, cancellationToken);
            return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }

        switch (options.Action)
        {
            case Withdraw when !RequestRules.Allows(request.Status, RequestCommandKind.Withdraw):
                await turn.SendActivityAsync(replies.Say(turn, step.Language, "status.cannotWithdraw", request.Id, views.Status(request.Status, step.Language)), cancellationToken);
                return await step.EndDialogAsync(cancellationToken: cancellationToken);
            case Withdraw:
                return await step.PromptAsync(SupportDialog.ConfirmPromptId, Prompts.Localized($"status.withdrawConfirm.{request.Queue}", request.Id), cancellationToken);
            case Comment:
                return await step.PromptAsync(SupportDialog.TextPromptId, Prompts.Localized("status.commentPrompt", request.Id), cancellationToken);
            case Remediation when request.RemediationPlan is { PartnerAnswer: null } plan:
                turn.State.Conversation.Set(FormContext.StateProperty, new FormContext { RemediationPlan = plan });
                return await step.PromptAsync(SupportDialog.FormPromptId, new CardFormOptions { Form = RequestForms.RemediationAnswerName }, cancellationToken);
            default:
                await turn.SendActivityAsync(replies.Card(turn, step.Language, views.Details(request, step.Language)), cancellationToken);
                return await step.EndDialogAsync(cancellationToken: cancellationToken);
        }
    }

    private async Task<DialogTurnResult> ApplyAsync(WaterfallStepContext<StatusState> step, CancellationToken cancellationToken)
    {
        var turn = step.Context;
        var id = step.State.RequestId!;
        var by = RequesterIdentity.NameOf(turn.Activity, "requester");
        var now = time.GetUtcNow();
        switch (step.State.Action)
        {
            case Withdraw when step.ResultBoolean == true:
                var withdrawn = await requests.ExecuteAsync(id, new Withdraw(by, now), cancellationToken);
                // Resolved or closed meanwhile (an agent was quicker): say so rather than that it is withdrawn.
                await turn.SendActivityAsync(withdrawn.Refused
                    ? replies.Say(turn, step.Language, "status.cannotWithdraw", id, views.Status(withdrawn.Request.Status, step.Language))
                    : replies.Say(turn, step.Language, "status.withdrawn", id), cancellationToken);
                break;
            case Withdraw:
                await turn.SendActivityAsync(replies.Say(turn, step.Language, "status.kept", id), cancellationToken);
                break;
            case Comment when step.ResultText is { Length: > 0 } text:
                await requests.ExecuteAsync(id, new Comment(text, by, now), cancellationToken);
                await turn.SendActivityAsync(replies.Say(turn, step.Language, "status.commentAdded", id), cancellationToken);
                break;
            case Remediation:
                turn.State.Conversation.Remove(FormContext.StateProperty);
                if (step.Result is not { ValueKind: JsonValueKind.Object } answer)
                {
                    await turn.SendActivityAsync(replies.Say(turn, step.Language, "form.cancelled"), cancellationToken);
                    break;
                }
                // Checked by the prompt's validator this turn (RequestFormCards), which left the typed answer in the turn.
                var form = turn.Get<ValidatedForm>() as RemediationAnswerForm
                    ?? throw new InvalidOperationException("The card-form prompt completed the remediation answer without checked values.");
                var answered = await requests.ExecuteAsync(id, new AgreeRemediation(form.Answer, form.Comment, by, now), cancellationToken);
                await turn.SendActivityAsync(replies.Card(turn, step.Language, views.Details(answered.Request, step.Language)), cancellationToken);
                break;
        }
        return await step.EndDialogAsync(cancellationToken: cancellationToken);
    }

    private async Task<ServiceRequest?> FindVisibleAsync(TurnContext turn, string id, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(id.ToUpper(CultureInfo.InvariantCulture), cancellationToken);
        if (request is null) return null;
        return request.Requester.Is(turn.Activity.ChannelId, turn.Activity.From?.Id) || session.RoleOf(turn) == GuideRole.Agent ? request : null;
    }
}
