using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Bot.State;
using SupportBot.Bot.Turn;

namespace SupportBot.Tests.TestKit;

/// <summary>
/// The real support bot (the app's own DI: flows, strings, guides, recognizer, SQLite) driven in process through
/// a <see cref="TestAdapter"/>, for transcript tests. A second harness on the same database is the bot restarted.
/// </summary>
public sealed class SupportBotHarness : IAsyncDisposable
{
    public const string PartnerTenant = "partner-tenant-0001";
    public const string AgentUserId = "29:agent-1";

    private SupportBotHarness(BotAppFactory factory)
    {
        Factory = factory;
        var services = factory.Services;
        Adapter = new TestAdapter(services.GetRequiredService<BotApplication>(), services.GetRequiredService<IStorage>(), services,
            services.GetRequiredService<ITurnErrorReply>());
    }

    public BotAppFactory Factory { get; }
    public TestAdapter Adapter { get; }
    public IServiceProvider Services => Factory.Services;

    public static SupportBotHarness Start(string? databasePath = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Support:Roles:PartnerTenantIds:0"] = PartnerTenant,
            ["Support:Roles:AgentUserIds:0"] = AgentUserId,
            // Transcript tests read the outbox themselves; the worker would send (and fail) what they look at.
            ["Outbox:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new SupportBotHarness(new BotAppFactory(all, databasePath));
    }

    /// <summary>A customer in web chat.</summary>
    public SupportBotHarness AsWebChatCustomer(string locale = "en-US", string userId = "dl_customer-1")
    {
        Adapter.Template = new Activity
        {
            ChannelId = Channels.WebChat,
            ServiceUrl = "https://webchat.test.invalid/",
            From = new ChannelAccount(userId, "Customer", RoleTypes.User),
            Recipient = new ChannelAccount("supportbot", "SupportBot", RoleTypes.Bot),
            Conversation = new ConversationAccount($"conv-{userId}"),
            Locale = locale,
        };
        return this;
    }

    /// <summary>A partner (a user of a configured partner tenant) in a Teams personal chat.</summary>
    public SupportBotHarness AsTeamsPartner(string locale = "en-US", string userId = "29:partner-1") => AsTeams(locale, userId, PartnerTenant, "Wang Fang");

    public SupportBotHarness AsTeams(string locale, string userId, string tenantId, string name)
    {
        Adapter.Template = new Activity
        {
            ChannelId = Channels.MsTeams,
            ServiceUrl = "https://smba.trafficmanager.net/teams/",
            From = new ChannelAccount(userId, name) { AadObjectId = Guid.NewGuid().ToString() },
            Recipient = new ChannelAccount("28:bot-app-id", "SupportBot"),
            Conversation = new ConversationAccount($"a:personal-{userId}", conversationType: "personal", tenantId: tenantId),
            Locale = locale,
            ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = tenantId } }),
        };
        return this;
    }

    public TestFlow Flow() => Adapter.Flow();

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

/// <summary>Reading what the bot sent, for assertions.</summary>
public static class ReplyReading
{
    /// <summary>The Adaptive Card of a reply as JSON text (empty when there is none).</summary>
    public static string CardJson(this Activity reply) =>
        reply.Attachments?.FirstOrDefault(a => a.ContentType == ContentTypes.AdaptiveCard)?.Content?.GetRawText() ?? "";

    /// <summary>Everything a person would read in the reply: its text and its card's JSON (unescaped).</summary>
    public static string Visible(this Activity reply)
    {
        var card = reply.CardJson();
        var unescaped = card.Length == 0 ? "" : Unescape(JsonDocument.Parse(card).RootElement);
        return $"{reply.Text}\n{unescaped}";
    }

    /// <summary>The data of the first card button whose title contains <paramref name="title"/>.</summary>
    public static JsonElement Button(this Activity reply, string title)
    {
        foreach (var action in Actions(JsonDocument.Parse(reply.CardJson()).RootElement))
            if (action.TryGetProperty("title", out var t) && t.GetString()!.Contains(title, StringComparison.Ordinal) && action.TryGetProperty("data", out var data))
                return data.Clone();
        throw new Xunit.Sdk.XunitException($"No button '{title}' in: {reply.Visible()}");
    }

    /// <summary>The submit data of a form card (its Submit action's data: form name and submission id).</summary>
    public static JsonElement FormSubmit(this Activity reply) => reply.Button(SubmitTitle(reply));

    private static string SubmitTitle(Activity reply) =>
        Actions(JsonDocument.Parse(reply.CardJson()).RootElement)
            .First(a => a.TryGetProperty("data", out var d) && d.TryGetProperty("submissionId", out _) && !d.TryGetProperty("action", out _) && !d.TryGetProperty("choice", out _))
            .GetProperty("title").GetString()!;

    private static IEnumerable<JsonElement> Actions(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out var type) && type.GetString()?.StartsWith("Action.", StringComparison.Ordinal) == true) yield return element;
            foreach (var property in element.EnumerateObject())
                foreach (var found in Actions(property.Value)) yield return found;
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                foreach (var found in Actions(item)) yield return found;
        }
    }

    private static string Unescape(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => string.Join("\n", element.EnumerateObject().Select(p => Unescape(p.Value))),
        JsonValueKind.Array => string.Join("\n", element.EnumerateArray().Select(Unescape)),
        JsonValueKind.String => element.GetString()!,
        _ => "",
    };

    /// <summary>A submit of <paramref name="data"/> merged with input values, as Teams and Web Chat send it.</summary>
    public static Activity Submit(JsonElement data, IDictionary<string, string>? inputs = null)
    {
        var merged = data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        foreach (var (key, value) in inputs ?? new Dictionary<string, string>()) merged[key] = value;
        return new Activity { Type = ActivityTypes.Message, Value = JsonSerializer.SerializeToElement(merged) };
    }
}
