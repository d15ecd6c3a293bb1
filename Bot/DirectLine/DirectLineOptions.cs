namespace SupportBot.Bot.DirectLine;

/// <summary>
/// The "DirectLine" section: the embedded Direct Line 3.0 endpoint (the default channel of <c>dotnet run</c>) and,
/// when <see cref="Secret"/> is set, Azure Bot Service Direct Line for production.
/// </summary>
public sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>
    /// The Azure Bot Service Direct Line secret (environment variable <c>DirectLine__Secret</c>). When set, the page's
    /// token route exchanges it server-side for a conversation token and the page talks to Azure; it never reaches
    /// the browser.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Overrides Azure's Direct Line base (domain including <c>/v3/directline</c>); default per <c>Bot:Cloud</c>.</summary>
    public string? Domain { get; set; }

    /// <summary>The bot's account in embedded conversations.</summary>
    public string BotId { get; set; } = "supportbot";

    public string BotName { get; set; } = "SupportBot";

    public EmbeddedDirectLineOptions Embedded { get; set; } = new();

    /// <summary>The embedded endpoint is on when asked, otherwise only while no Azure secret is configured.</summary>
    public bool IsEmbeddedEnabled => Embedded.Enabled ?? string.IsNullOrEmpty(Secret);
}

/// <summary>The in-process Direct Line 3.0 endpoint under <c>/v3/directline</c>.</summary>
public sealed class EmbeddedDirectLineOptions
{
    /// <summary>Unset: on without <see cref="DirectLineOptions.Secret"/>, off with it (production talks to Azure only).</summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The endpoint's own secret for server-side callers of <c>tokens/generate</c> and <c>conversations</c>
    /// (environment variable <c>DirectLine__Embedded__Secret</c>). Empty: only the page's own origin gets tokens.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// Base64 HMAC-SHA256 key that signs tokens. Empty: one is generated at first start and kept in the bot's storage,
    /// so tokens (and the conversations they open) survive a restart.
    /// </summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>Other origins whose pages may ask for tokens (the page's own origin always may).</summary>
    public List<string> TrustedOrigins { get; set; } = [];

    // Direct Line tokens live 30 minutes and are refreshable until they expire (PROTOCOL.md §6.1).
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Activities kept per conversation (in memory and in storage); older ones fall off.</summary>
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>
    /// Bytes of stored JSON kept per conversation (in memory and in storage), besides the count: older activities
    /// fall off beyond it, so one conversation cannot fill memory or disk with large activities. At least
    /// <see cref="MaxActivityBytes"/>.
    /// </summary>
    public long MaxBytesPerConversation { get; set; } = 1024 * 1024;

    /// <summary>
    /// Transcript bytes held in memory across all conversations; beyond it the least recently used leave memory (they
    /// stay in storage and come back on their next request).
    /// </summary>
    public long MaxLiveBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>A stored conversation not written to for this long is deleted, with its transcript and the bot's state of it.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often expired conversations are looked for (the first time at start).</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A conversation with no socket and no request for this long leaves memory (it stays in storage).</summary>
    public TimeSpan IdleConversationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    // Direct Line caps a serialized activity near 256K characters (PROTOCOL.md §6.2).
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>Empty frames on an idle socket so proxies keep it open and dead peers are noticed.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A socket that has sent nothing for this long may be replaced by a new one (DirectLineJS pings every 20 s).</summary>
    public TimeSpan SilentSocketTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public DirectLineRateLimitOptions RateLimits { get; set; } = new();
}

/// <summary>
/// Token buckets sized for abuse, not for people: Web Chat treats a 429 as a failed call (PROTOCOL.md §6.2), so a
/// person typing, or an office behind one NAT address polling once a second, must never meet them.
/// </summary>
public sealed class DirectLineRateLimitOptions
{
    /// <summary>Any Direct Line request, per client address: burst, then per-second refill.</summary>
    public int RequestsPerAddressBurst { get; set; } = 600;
    public int RequestsPerAddressPerSecond { get; set; } = 50;

    /// <summary>New tokens and conversations, per client address.</summary>
    public int NewConversationsPerAddressBurst { get; set; } = 60;
    public int NewConversationsPerAddressPerMinute { get; set; } = 60;

    /// <summary>Activities posted into one conversation.</summary>
    public int ActivitiesPerConversationBurst { get; set; } = 60;
    public int ActivitiesPerConversationPerMinute { get; set; } = 120;
}
