using Microsoft.Extensions.Options;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.Hosting;

/// <summary>
/// With no app id, an activity whose serviceUrl the bot would not contact is refused at the door (403), so its turn
/// never runs only to fail on the way out (<see cref="TrustedServiceUrls.MayContactWithoutAppId"/>). With an app id
/// the channel's token vouches for the serviceUrl (its <c>serviceurl</c> claim, PROTOCOL.md §3.3).
/// </summary>
public sealed class ServiceUrlGuard(IOptions<BotAuthOptions> options, TrustedServiceUrls trusted) : IInboundActivityGuard
{
    public string? Refuse(Activity activity) =>
        options.Value.IsAuthenticationEnabled || activity.DeliveryMode == DeliveryModes.ExpectReplies || trusted.MayContactWithoutAppId(activity.ServiceUrl)
            ? null
            : "Without an app id the bot answers only serviceUrls on this machine or in Bot:TrustedServiceUrlHosts.";
}
