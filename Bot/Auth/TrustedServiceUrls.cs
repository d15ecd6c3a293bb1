using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Bot.State;

namespace SupportBot.Bot.Auth;

/// <summary>
/// Which Connector endpoints may receive the bot's token (PROTOCOL.md §3.2: only the serviceUrls of your cloud).
/// Trusted are: the cloud's Teams and Direct Line hosts, <c>Bot:TrustedServiceUrlHosts</c>, and every serviceUrl
/// that arrived on an authenticated activity. Those are kept in <see cref="IStorage"/> so that proactive messages
/// after a restart still reach the conversations the channel told us about.
/// </summary>
public sealed class TrustedServiceUrls(IStorage storage, IOptions<BotAuthOptions> options)
{
    private const string KeyPrefix = "bot/trusted-service-url/";

    private readonly CloudSettings _cloud = BotClouds.Resolve(options.Value);
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    /// <summary>Remembers a serviceUrl proven by the channel's token; cheap when it is already known.</summary>
    public async Task RecordAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        if (Origin(serviceUrl) is not { } origin || _known.ContainsKey(origin)) return;
        var value = JsonSerializer.SerializeToElement(new StoredServiceUrl(serviceUrl, DateTimeOffset.UtcNow));
        await storage.WriteAsync(new Dictionary<string, StoreItem> { [KeyPrefix + origin] = new(value, StoreItem.AnyETag) }, cancellationToken);
        _known.TryAdd(origin, 0);
    }

    /// <summary>True when the bot's token may be sent to <paramref name="requestUri"/>.</summary>
    public async Task<bool> IsTrustedAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        // https only, except a Connector on this machine (Emulator, tests).
        if (requestUri.Scheme != Uri.UriSchemeHttps && !(requestUri.Scheme == Uri.UriSchemeHttp && requestUri.IsLoopback)) return false;
        if (_cloud.ConnectorHosts.Any(host => string.Equals(host, requestUri.IdnHost, StringComparison.OrdinalIgnoreCase))) return true;

        var origin = requestUri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        if (_known.ContainsKey(origin)) return true;
        var items = await storage.ReadAsync([KeyPrefix + origin], cancellationToken);
        if (!items.ContainsKey(KeyPrefix + origin)) return false;
        _known.TryAdd(origin, 0);
        return true;
    }

    /// <summary>
    /// With no app id nobody authenticates the activities, so their serviceUrl is anybody's word: the bot then
    /// contacts only this machine (the Emulator, the Agents Playground, tests) and the hosts
    /// <c>Bot:TrustedServiceUrlHosts</c> names, never e.g. a cloud metadata address (issue 11).
    /// </summary>
    public bool MayContactWithoutAppId(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && (uri.IsLoopback || options.Value.TrustedServiceUrlHosts.Any(host => string.Equals(host.Trim(), uri.IdnHost, StringComparison.OrdinalIgnoreCase)));

    /// <summary><c>scheme://host:port</c>, lower case: the bot trusts an endpoint, not one path below it.</summary>
    private static string? Origin(string serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;

    private sealed record StoredServiceUrl(string ServiceUrl, DateTimeOffset FirstSeen);
}
