using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;

namespace SupportBot.Dialogs;

/// <summary>Who is a partner and who is an agent, bound from <c>Support:Roles</c>.</summary>
public sealed class RoleOptions
{
    public const string Section = "Support:Roles";

    /// <summary>Teams tenant ids of CSP partners: their users are partners.</summary>
    public List<string> PartnerTenantIds { get; set; } = [];

    /// <summary>Teams user ids (29:…) or AAD object ids of support agents.</summary>
    public List<string> AgentUserIds { get; set; } = [];

    /// <summary>Teams team ids whose members, talking to the bot in that team, are agents.</summary>
    public List<string> AgentTeamIds { get; set; } = [];
}

/// <summary>What the bot remembers of a person (user state): the language they picked and the role they claimed.</summary>
public sealed class SupportProfile
{
    public const string StateProperty = "supportProfile";

    /// <summary>Set when the user picks a language; until then the activity's locale decides.</summary>
    public string? Language { get; set; }

    /// <summary>Set once when a Teams user says they are a CSP partner.</summary>
    public bool SaidPartner { get; set; }

    public bool Welcomed { get; set; }
}

/// <summary>The user's role and language for a turn, from configuration, the activity and user state.</summary>
public sealed class SupportSession(IOptions<RoleOptions> roles)
{
    public static SupportProfile Profile(TurnContext turn) => turn.State.User.Get<SupportProfile>(SupportProfile.StateProperty);

    public string LanguageOf(TurnContext turn) =>
        Language.Normalize(Profile(turn).Language) ?? Language.FromLocale(turn.Activity.Locale);

    /// <summary>
    /// Agent: a configured agent, or anyone writing from a configured agents' team. Partner: a Teams user of a
    /// configured partner tenant, or a Teams user who said so. Everyone else (web chat, other tenants): customer.
    /// Web chat users cannot claim to be partners: they are anonymous, and partners can escalate to 21Vianet.
    /// </summary>
    public GuideRole RoleOf(TurnContext turn)
    {
        var activity = turn.Activity;
        var settings = roles.Value;
        var from = activity.From;
        if (from?.Id is { } id && (settings.AgentUserIds.Contains(id) || from.AadObjectId is { } aad && settings.AgentUserIds.Contains(aad)))
            return GuideRole.Agent;
        var teams = activity.ChannelId == Channels.MsTeams ? activity.GetChannelData<TeamsChannelData>() : null;
        if (teams?.Team?.Id is { } teamId && settings.AgentTeamIds.Contains(teamId)) return GuideRole.Agent;
        if (activity.ChannelId != Channels.MsTeams) return GuideRole.Customer;
        var tenant = activity.GetTenantId();
        if (tenant is not null && settings.PartnerTenantIds.Contains(tenant, StringComparer.OrdinalIgnoreCase)) return GuideRole.Partner;
        return Profile(turn).SaidPartner ? GuideRole.Partner : GuideRole.Customer;
    }

    public static bool CanClaimPartner(TurnContext turn) => turn.Activity.ChannelId == Channels.MsTeams;
}
