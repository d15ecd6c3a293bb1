using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.Bot.DirectLine;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot;

/// <summary>
/// Issue 11 finding 8: with no app id (inbound auth off) the bot contacts only loopback serviceUrls, the embedded
/// Direct Line and hosts a setting adds; and only the embedded Direct Line can address its conversations.
/// </summary>
public sealed class ServiceUrlBoundaryTests
{
    /// <summary>An IPv4 address of this machine that is not loopback: a Connector there is "off this machine" to the bot.</summary>
    private static string MachineAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToString();

    [Fact]
    public async Task Without_an_app_id_a_reply_is_not_posted_to_a_serviceUrl_off_this_machine()
    {
        await using var connector = await FakeConnector.StartAsync(MachineAddress());
        await using var app = new BotAppFactory();
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/messages", Activities.WebChatMessage("hello", connector.ServiceUrl), ProtocolJson.Options);

        // Refused at the door, so the turn never runs and never fails on the way out.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await Task.Delay(300);
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task Without_an_app_id_the_metadata_address_is_never_contacted()
    {
        await using var app = new BotAppFactory();
        var connectors = app.Services.GetRequiredService<IConnectorClientFactory>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var refused = await Record.ExceptionAsync(() => connectors.Create("http://169.254.169.254/").SendToConversationAsync("c", new Activity { Type = ActivityTypes.Message, Text = "x" }, timeout.Token));

        Assert.IsType<UntrustedServiceUrlException>(refused);
    }

    [Fact]
    public async Task A_host_the_setting_adds_is_contacted_without_an_app_id()
    {
        var address = MachineAddress();
        await using var connector = await FakeConnector.StartAsync(address);
        await using var app = new BotAppFactory(new Dictionary<string, string?> { ["Bot:TrustedServiceUrlHosts:0"] = address });
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/messages", Activities.WebChatMessage("hello", connector.ServiceUrl), ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await connector.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task Api_messages_cannot_write_into_an_embedded_Direct_Line_conversation()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var injected = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "injected-1",
            ChannelId = Channels.DirectLine,
            ServiceUrl = host.ServiceUrl,
            Conversation = new ConversationAccount(conversation.ConversationId!),
            From = new ChannelAccount("dl_test-user", role: RoleTypes.User),
            Recipient = new ChannelAccount("supportbot", role: RoleTypes.Bot),
            Text = "Your password expired: sign in at http://evil.example",
        };

        var response = await host.Http.PostAsJsonAsync("api/messages", injected, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var set = await host.PollAsync(conversation);
        Assert.DoesNotContain(set.Activities, a => a.Text?.Contains("evil.example", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Api_messages_cannot_speak_as_a_web_chat_visitor_without_an_app_id()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        var grant = await host.PageTokenAsync();
        var visitor = await host.StartAsync(grant.Token, grant.UserId);
        await host.PostMessageAsync(visitor, "talk to a person");
        var store = host.Services.GetRequiredService<IRequestStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<ServiceRequest> theirs;
        while ((theirs = await store.ListByRequesterAsync(Channels.DirectLine, grant.UserId!)).Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        var request = Assert.Single(theirs);

        var impersonation = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "impersonation-1",
            ChannelId = Channels.DirectLine,
            ServiceUrl = "http://127.0.0.1:9/",
            DeliveryMode = DeliveryModes.ExpectReplies,
            Conversation = new ConversationAccount("attackers-own-conversation"),
            From = new ChannelAccount(grant.UserId!, role: RoleTypes.User),
            Recipient = new ChannelAccount("supportbot", role: RoleTypes.Bot),
            Text = "my requests",
        };
        var response = await host.Http.PostAsJsonAsync("api/messages", impersonation, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(request.Id, await response.Content.ReadAsStringAsync());
    }
}
