using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// Proactive messages from a stored reference to an embedded conversation go into its log in process; every other
/// serviceUrl goes to <see cref="HttpConnectorClientFactory"/>. Replies within a turn do not come here: the embedded
/// endpoint hands its own in-process connector to the turns it starts. A reference with the embedded serviceUrl can
/// only have been stored by such a turn, because <see cref="EmbeddedDirectLineGuard"/> refuses /api/messages
/// activities that carry one, and only conversations the endpoint itself started (with a token) can be written to.
/// </summary>
public sealed class DirectLineConnectorClientFactory(HttpConnectorClientFactory http, DirectLineConversationStore conversations) : IConnectorClientFactory
{
    /// <summary>
    /// The path every embedded serviceUrl ends with. It is the Direct Line 3.0 base, never a Connector base (Azure's
    /// Direct Line sends <c>https://directline.botframework.com/</c>), so it names this endpoint whatever host the page
    /// used, also after a restart or behind a proxy; and no bearer token ever leaves the process for it.
    /// </summary>
    public const string ServiceUrlPath = "/v3/directline";

    public static bool IsEmbedded(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)
        && uri.AbsolutePath.TrimEnd('/').EndsWith(ServiceUrlPath, StringComparison.OrdinalIgnoreCase);

    public IConnectorClient Create(string serviceUrl) =>
        IsEmbedded(serviceUrl) ? new EmbeddedConnectorClient(conversations, serviceUrl) : http.Create(serviceUrl);
}

/// <summary>
/// Keeps /api/messages out of the embedded Direct Line (issue 11): an activity claiming its serviceUrl is refused,
/// whatever its token, and with no app id so is any activity on the <c>directline</c> channel, whose user ids belong to
/// the embedded endpoint's visitors (Azure's Direct Line, the only other sender of that channel, needs an app id).
/// </summary>
public sealed class EmbeddedDirectLineGuard(Microsoft.Extensions.Options.IOptions<SupportBot.Bot.Auth.BotAuthOptions> options) : SupportBot.Bot.Hosting.IInboundActivityGuard
{
    public string? Refuse(Activity activity)
    {
        if (DirectLineConnectorClientFactory.IsEmbedded(activity.ServiceUrl))
            return "The serviceUrl is this bot's embedded Direct Line; only that endpoint addresses its conversations.";
        if (!options.Value.IsAuthenticationEnabled && string.Equals(activity.ChannelId, Channels.DirectLine, StringComparison.OrdinalIgnoreCase))
            return "Without an app id, Direct Line activities come only through the embedded endpoint.";
        return null;
    }
}

/// <summary>The Connector operations against the embedded conversations (PROTOCOL.md §2 semantics, no HTTP).</summary>
public sealed class EmbeddedConnectorClient(DirectLineConversationStore conversations, string serviceUrl) : IConnectorClient
{
    public string ServiceUrl { get; } = serviceUrl;

    public async Task<ResourceResponse> SendToConversationAsync(string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        var conversation = await FindAsync(conversationId, cancellationToken);
        var logged = activity.Clone();
        logged.Id = null; // the channel numbers activities, the bot does not (PROTOCOL.md §1.1)
        logged.Timestamp = null;
        if (logged.IsType(ActivityTypes.Typing))
        {
            logged.Id = $"{conversation.Id}|typing-{Guid.NewGuid():N}";
            conversation.PublishTransient(logged);
            return new ResourceResponse(logged.Id);
        }
        var stored = await conversations.AppendAsync(conversation, logged, cancellationToken);
        return new ResourceResponse(stored.Id);
    }

    // Direct Line has no threads: a reply is a send with replyToId (PROTOCOL.md §2).
    public Task<ResourceResponse> ReplyToActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        activity.ReplyToId ??= activityId;
        return SendToConversationAsync(conversationId, activity, cancellationToken);
    }

    public async Task<ResourceResponse> UpdateActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        var conversation = await FindAsync(conversationId, cancellationToken);
        var updated = activity.Clone();
        updated.Id = activityId;
        if (!await conversations.UpdateAsync(conversation, updated, cancellationToken))
            throw new ConnectorException(404, "ActivityNotFoundInConversation", $"Activity {activityId} is not in conversation {conversationId}.");
        return new ResourceResponse(activityId);
    }

    public async Task DeleteActivityAsync(string conversationId, string activityId, CancellationToken cancellationToken = default)
    {
        var conversation = await FindAsync(conversationId, cancellationToken);
        if (!await conversations.DeleteAsync(conversation, activityId, cancellationToken))
            throw new ConnectorException(404, "ActivityNotFoundInConversation", $"Activity {activityId} is not in conversation {conversationId}.");
    }

    // Conversations start from the page (a token), never from the bot.
    public Task<ConversationResourceResponse> CreateConversationAsync(ConversationParameters parameters, CancellationToken cancellationToken = default) =>
        throw new ConnectorException(400, "BadArgument", "The embedded Direct Line starts conversations from the page, not from the bot.");

    public async Task<IReadOnlyList<ChannelAccount>> GetConversationMembersAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var conversation = await FindAsync(conversationId, cancellationToken);
        return [new ChannelAccount(conversation.UserId, role: RoleTypes.User)];
    }

    private async Task<DirectLineConversation> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        await conversations.FindAsync(conversationId, cancellationToken)
        ?? throw new ConnectorException(404, "ConversationNotFound", $"No embedded Direct Line conversation {conversationId}.");
}
