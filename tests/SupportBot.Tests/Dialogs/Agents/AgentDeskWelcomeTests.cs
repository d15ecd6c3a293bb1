using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Requests.Queues;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Agents;

/// <summary>
/// Issue 16 item 9: the app installed in an agents' team (a queue's channel, or by an agent) greets the agents'
/// desk there, in the queue's language, and never posts the customer welcome card into the agents' channel.
/// </summary>
public sealed class AgentDeskWelcomeTests
{
    private const string Team = "19:agents-team@thread.tacv2";
    private const string Channel = "19:agents-general@thread.tacv2";
    private const string Tenant = "helpdesk-tenant";

    private static SupportBotHarness InTeamChannel(SupportBotHarness bot, string installerId = "29:someone")
    {
        bot.Adapter.Template = new Activity
        {
            ChannelId = Channels.MsTeams,
            ServiceUrl = "https://smba.trafficmanager.net/teams/",
            From = new ChannelAccount(installerId, "Installer") { AadObjectId = Guid.NewGuid().ToString() },
            Recipient = new ChannelAccount("28:bot-app-id", "SupportBot"),
            Conversation = new ConversationAccount(Channel, isGroup: true, conversationType: "channel", tenantId: Tenant),
            Locale = "en-US",
            ChannelData = JsonSerializer.SerializeToElement(new { team = new { id = Team }, channel = new { id = Channel }, tenant = new { id = Tenant } }),
        };
        return bot;
    }

    private static async Task<List<Activity>> Send(SupportBotHarness bot, Activity activity)
    {
        await bot.Adapter.ProcessAsync(activity);
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        return replies;
    }

    private static Activity BotAdded(SupportBotHarness bot)
    {
        var update = bot.Adapter.Template.Clone();
        update.Type = ActivityTypes.ConversationUpdate;
        update.MembersAdded = [update.Recipient!];
        return update;
    }

    private static Activity Installed(SupportBotHarness bot)
    {
        var install = bot.Adapter.Template.Clone();
        install.Type = ActivityTypes.InstallationUpdate;
        install.Action = "add";
        return install;
    }

    private static void AssertNoCustomerMenu(Activity greeting)
    {
        Assert.Empty(greeting.CardJson());
        foreach (var customerWord in new[] { "CSP", "Talk to a person", "パートナーです", "合作伙伴", "topic" })
            Assert.DoesNotContain(customerWord, greeting.Visible().Replace("合作伙伴支持服务台", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en", "partner helpdesk", "thread", "Take it")]
    [InlineData("zh-Hans", "合作伙伴支持服务台", "对话", "由我处理")]
    [InlineData("ja", "パートナー ヘルプデスク", "スレッド", "担当する")]
    public async Task A_configured_queue_channel_is_greeted_once_as_the_agents_desk_in_the_queue_language(string language, string queue, string thread, string take)
    {
        await using var bot = InTeamChannel(SupportBotHarness.Start(settings: new Dictionary<string, string?>
        {
            ["Support:Queues:PartnerHelpdesk:TeamId"] = Team,
            ["Support:Queues:PartnerHelpdesk:ChannelId"] = Channel,
            ["Support:Queues:PartnerHelpdesk:Language"] = language,
        }));

        var greeting = Assert.Single(await Send(bot, BotAdded(bot)));
        Assert.Empty(await Send(bot, Installed(bot)));

        Assert.Contains(queue, greeting.Text);
        Assert.Contains(thread, greeting.Text);
        Assert.Contains(take, greeting.Text);
        AssertNoCustomerMenu(greeting);
    }

    [Fact]
    public async Task A_captured_queue_channel_is_greeted_as_the_agents_desk_on_install()
    {
        await using var bot = InTeamChannel(SupportBotHarness.Start());
        await bot.Services.GetRequiredService<QueueDirectory>().CaptureAsync(AgentQueue.VianetDesk,
            new CapturedQueueChannel(Team, Channel, "https://smba.trafficmanager.net/teams/", Tenant, "ja", "Agent", DateTimeOffset.UtcNow), CancellationToken.None);

        var greeting = Assert.Single(await Send(bot, Installed(bot)));

        Assert.Contains("21Vianet デスク", greeting.Text);
        AssertNoCustomerMenu(greeting);
    }

    [Fact]
    public async Task A_team_where_an_agent_installs_the_bot_is_told_how_to_make_it_a_queue_channel()
    {
        await using var bot = InTeamChannel(SupportBotHarness.Start(settings: new Dictionary<string, string?>
        {
            ["Support:Queues:VianetDesk:AgentUserIds:0"] = "29:desk-agent",
        }), installerId: "29:desk-agent");

        var greeting = Assert.Single(await Send(bot, Installed(bot)));

        Assert.Contains("\"@SupportBot use this channel for the partner helpdesk\"", greeting.Text);
        Assert.Contains("\"@SupportBot use this channel for the 21Vianet desk\"", greeting.Text);
        AssertNoCustomerMenu(greeting);
    }
}
