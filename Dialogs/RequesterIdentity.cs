using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Guides;
using SupportBot.Requests;

namespace SupportBot.Dialogs;

/// <summary>Who is asking, as a request records them: built from the turn's activity, in one place.</summary>
public static class RequesterIdentity
{
    public static RequesterRole RoleOf(GuideRole role) => role switch
    {
        GuideRole.Partner => RequesterRole.Partner,
        GuideRole.Agent => RequesterRole.Agent,
        _ => RequesterRole.Customer,
    };

    /// <param name="name">The name the person gave on the form; else their display name.</param>
    public static Requester Of(Activity activity, RequesterRole role, string language, string? name = null, string? organisation = null) => new()
    {
        ChannelId = activity.ChannelId!,
        UserId = activity.From!.Id!,
        Name = name ?? activity.From.Name,
        Role = WireNames.Of(role),
        TenantId = activity.GetTenantId(),
        Organisation = organisation,
        Language = language,
        Conversation = activity.GetConversationReference(),
    };

    /// <summary>The person's name as agents and the history read it.</summary>
    public static string NameOf(Activity activity, string fallback) => activity.From?.Name ?? activity.From?.Id ?? fallback;
}
