using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Connector;

/// <summary>The bot's token was about to go to a serviceUrl it does not trust; the request was not sent.</summary>
public sealed class UntrustedServiceUrlException(Uri requestUri)
    : Exception($"Refusing to contact {requestUri.GetLeftPart(UriPartial.Authority)}: it is not a trusted Connector serviceUrl.")
{
    public Uri RequestUri { get; } = requestUri;
}

/// <summary>
/// Adds <c>Authorization: Bearer</c> to Connector calls, but only towards trusted serviceUrls
/// (PROTOCOL.md §3.2: send the token only to your cloud's Connector). With no app id nothing is added, and only
/// this machine and configured hosts are contacted at all (<see cref="TrustedServiceUrls.MayContactWithoutAppId"/>).
/// </summary>
public sealed class ConnectorAuthHandler(IOptions<BotAuthOptions> options, IAppTokenProvider tokens, TrustedServiceUrls trustedServiceUrls)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Whatever the caller set is not ours to forward.
        request.Headers.Authorization = null;
        var uri = request.RequestUri ?? throw new InvalidOperationException("A Connector request needs an absolute URI.");
        if (!options.Value.IsAuthenticationEnabled)
        {
            if (!trustedServiceUrls.MayContactWithoutAppId(uri.AbsoluteUri)) throw new UntrustedServiceUrlException(uri);
            return await base.SendAsync(request, cancellationToken);
        }

        if (!await trustedServiceUrls.IsTrustedAsync(uri, cancellationToken)) throw new UntrustedServiceUrlException(uri);

        var token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
