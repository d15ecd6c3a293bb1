using SupportBot.Dialogs.Guides;
using SupportBot.Knowledge;
using SupportBot.Localization;
using SupportBot.Recognition;
using SupportBot.Requests;
using SupportBot.Requests.Privacy;

namespace SupportBot.Dialogs.Agents;

/// <summary>
/// A resolved request as a draft article (the agent card's "Draft an article"): its title, the question and the
/// answer that resolved it (masked, contact details too: writers never deal with the requester), in the requester's language, for their role, under the topic of its guide.
/// </summary>
public sealed class ArticleDraftsFromRequests(ArticleDrafts drafts, GuideCatalog guides, ILogger<ArticleDraftsFromRequests> logger)
{
    /// <summary>Writes the draft; returns its path below the articles' folder, or null when it could not be written.</summary>
    public string? Write(ServiceRequest request, string by)
    {
        var answer = request.History.LastOrDefault(change => change.To == RequestStatus.Resolved)?.Note ?? "";
        var language = Language.Normalize(request.Requester.Language) ?? Language.English;
        var draft = new ArticleDraft(
            Id: $"draft-{request.Id.ToLowerInvariant()}",
            Language: language,
            Title: PersonalDataMask.MaskContactDetails(request.Title),
            Audience: request.Requester.RoleKind == RequesterRole.Partner ? Audience.Partner : Audience.Customer,
            Topic: TopicOf(request),
            Question: PersonalDataMask.MaskContactDetails(request.Form.GetValueOrDefault("description") ?? request.Form.GetValueOrDefault("reason") ?? request.Title),
            Answer: PersonalDataMask.MaskContactDetails(answer),
            From: $"{request.Id} (resolved by {by})");
        try
        {
            return drafts.Write(draft);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            logger.LogError(failure, "Could not write the draft article for {RequestId}", request.Id);
            return null;
        }
    }

    private string TopicOf(ServiceRequest request)
    {
        if (request.Area is { } area && guides.TryGet(area, Language.English, out var guide)) return guide.Intent;
        return request.Kind switch
        {
            RequestKind.PartnerCenterRequest => Intents.PartnerCenterIssue,
            RequestKind.SubscriptionChange => Intents.SubscriptionChange,
            RequestKind.Escalation => Intents.EscalateCustomerIssue,
            _ => Article.GeneralTopic,
        };
    }
}
