using System.Globalization;
using SupportBot.Bot.Turn;
using SupportBot.Cards;
using SupportBot.Requests;
using SupportBot.Requests.Commands;

namespace SupportBot.Dialogs;

/// <summary>
/// What a requester can do once their request is resolved, from the buttons of the "resolved" message
/// (<c>{"topic":"request","value":…,"request":id}</c>): confirm it is solved (closes it and asks for a rating),
/// reopen it, or rate it 1–5 (<c>rate:&lt;n&gt;</c>; plain <c>rate</c> shows the question).
/// </summary>
public sealed class ResolutionActions(IRequestStore requests, Replies replies, RequestViews views, TimeProvider time)
{
    public const string ConfirmSolved = "confirmSolved";
    public const string Reopen = "reopen";
    public const string Rate = "rate";
    private const string RatePrefix = "rate:";

    public static bool Handles(string? action) => action is ConfirmSolved or Reopen or Rate || action?.StartsWith(RatePrefix, StringComparison.Ordinal) == true;

    public async Task HandleAsync(TurnContext turn, string language, ServiceRequest request, string action, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case ConfirmSolved:
                await ConfirmSolvedAsync(turn, language, request, cancellationToken);
                break;
            case Reopen:
                await ReopenAsync(turn, language, request, cancellationToken);
                break;
            case Rate:
                await AskRatingAsync(turn, language, request, cancellationToken);
                break;
            default:
                await RateAsync(turn, language, request, action[RatePrefix.Length..], cancellationToken);
                break;
        }
    }

    private async Task ConfirmSolvedAsync(TurnContext turn, string language, ServiceRequest request, CancellationToken cancellationToken)
    {
        if (request.Status == RequestStatus.Closed)
        {
            await turn.SendActivityAsync(replies.Say(turn, language, "resolved.alreadyClosed", request.Id), cancellationToken);
            return;
        }
        if (request.Status != RequestStatus.Resolved)
        {
            await NotResolvedAsync(turn, language, request, cancellationToken);
            return;
        }
        var by = By(turn);
        var now = time.GetUtcNow();
        await requests.ExecuteAsync(request.Id, new ConfirmSolved(by, now), cancellationToken);
        await turn.SendActivityAsync(replies.Say(turn, language, "resolved.closed", request.Id), cancellationToken);
        await AskRatingAsync(turn, language, request, cancellationToken);
    }

    private async Task ReopenAsync(TurnContext turn, string language, ServiceRequest request, CancellationToken cancellationToken)
    {
        if (request.Status != RequestStatus.Resolved)
        {
            await NotResolvedAsync(turn, language, request, cancellationToken);
            return;
        }
        var by = By(turn);
        var now = time.GetUtcNow();
        await requests.ExecuteAsync(request.Id, new Reopen(by, now), cancellationToken);
        await turn.SendActivityAsync(replies.Say(turn, language, "resolved.reopened", request.Id), cancellationToken);
    }

    private async Task AskRatingAsync(TurnContext turn, string language, ServiceRequest request, CancellationToken cancellationToken)
    {
        if (request.Status is not (RequestStatus.Resolved or RequestStatus.Closed))
        {
            await turn.SendActivityAsync(replies.Say(turn, language, "rating.notYet", request.Id), cancellationToken);
            return;
        }
        var buttons = Enumerable.Range(1, 5).Select(score => new CardButton(
            replies.Text(language, $"rating.{score}"),
            new Topic(Topic.Request, RatePrefix + score.ToString(CultureInfo.InvariantCulture), request.Id).ToData()));
        await turn.SendActivityAsync(replies.Card(turn, language, ChoiceCard.Build(language, replies.Text(language, "rating.question", request.Id), buttons)), cancellationToken);
    }

    private async Task RateAsync(TurnContext turn, string language, ServiceRequest request, string scoreText, CancellationToken cancellationToken)
    {
        if (!int.TryParse(scoreText, NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5)
        {
            await AskRatingAsync(turn, language, request, cancellationToken);
            return;
        }
        if (request.Status is not (RequestStatus.Resolved or RequestStatus.Closed))
        {
            await turn.SendActivityAsync(replies.Say(turn, language, "rating.notYet", request.Id), cancellationToken);
            return;
        }
        var by = By(turn);
        var now = time.GetUtcNow();
        await requests.ExecuteAsync(request.Id, new Rate(score, by, now), cancellationToken);
        await turn.SendActivityAsync(replies.Say(turn, language, "rating.thanks", request.Id), cancellationToken);
    }

    private Task NotResolvedAsync(TurnContext turn, string language, ServiceRequest request, CancellationToken cancellationToken) =>
        turn.SendActivityAsync(replies.Say(turn, language, "resolved.notResolved", request.Id, views.Status(request.Status, language)), cancellationToken);

    private static string By(TurnContext turn) => RequesterIdentity.NameOf(turn.Activity, "requester");
}
