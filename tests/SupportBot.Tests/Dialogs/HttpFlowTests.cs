using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>Whole conversations over HTTP: real JSON to /api/messages, replies at a fake connector on 127.0.0.1.</summary>
public sealed class HttpFlowTests : IAsyncLifetime
{
    private const string PartnerTenant = "partner-tenant-http";
    private FakeConnector _connector = null!;
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"http-flows-{Guid.NewGuid():N}.db");

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private BotAppFactory StartBot() => new(new Dictionary<string, string?> { ["Support:Roles:PartnerTenantIds:0"] = PartnerTenant }, _database);

    private HttpConversation Customer(BotAppFactory bot, string locale = "en-US") =>
        new(bot.CreateClient(), _connector, Activities.WebChatMessage("", _connector.ServiceUrl, locale: locale));

    private HttpConversation Partner(BotAppFactory bot) =>
        new(bot.CreateClient(), _connector, Activities.TeamsPersonalMessage("", _connector.ServiceUrl, userId: "29:partner-http", tenantId: PartnerTenant));

    private static Dictionary<string, string> ServiceRequestValues() => new()
    {
        ["title"] = "Service health shows an incident",
        ["area"] = "service-health",
        ["severity"] = "critical",
        ["description"] = "Exchange Online has been degraded for two hours.",
        ["contactName"] = "陈静",
        ["email"] = "chen.jing@fabrikam.cn",
        ["phone"] = "+86 21 5555 0100",
        ["organisation"] = "Fabrikam",
        ["tenantDomain"] = "fabrikam.partner.onmschina.cn",
        ["preferredLanguage"] = "zh-Hans",
    };

    /// <summary>A customer's way to the service request form ("talk to a person" asks for a live chat instead).</summary>
    private static Task<List<Activity>> OpenServiceRequestFormAsync(HttpConversation customer) =>
        customer.SendAsync(ReplyReading.Submit(JsonSerializer.SerializeToElement(new { topic = "intent", value = "PartnerCenterIssue" })));

    [Fact]
    public async Task A_partner_in_teams_completes_a_guide()
    {
        await using var bot = StartBot();
        var partner = Partner(bot);

        var welcome = Assert.Single(await partner.JoinAsync());
        Assert.Contains("CSP partners", welcome.Visible());
        var guide = await partner.ClickAsync(welcome, "Report a Partner Center problem");
        Assert.Contains("Partner Center requests", HttpConversation.Only(guide, "Support requests").Visible());
        var question = HttpConversation.Only(guide, "Did this solve it?");

        var answer = await partner.ClickAsync(question, "Yes");

        HttpConversation.Only(answer, "Glad that helped");
        Assert.All(_connector.Calls, call => Assert.Equal(partner.Template.Conversation!.Id, call.ConversationId));
    }

    [Fact]
    public async Task A_customer_in_web_chat_completes_a_guide_and_files_a_request()
    {
        await using var bot = StartBot();
        var customer = Customer(bot);

        var welcome = Assert.Single(await customer.JoinAsync());
        var guide = await customer.ClickAsync(welcome, "Check service health");
        Assert.Contains("Message center", HttpConversation.Only(guide, "Check service health").Visible());
        var form = await customer.ClickAsync(HttpConversation.Only(guide, "Did this solve it?"), "No");

        var filed = await customer.SendAsync(ReplyReading.Submit(HttpConversation.FormSubmit(form), ServiceRequestValues()));

        Assert.Matches(@"Request SR-\d{8}-\d{4} received", HttpConversation.Only(filed, "received").Visible());
        var request = Assert.Single(await bot.Services.GetRequiredService<IRequestStore>().ListByRequesterAsync(Channels.WebChat, "dl_webchat-user"));
        Assert.Equal("service-health", request.SelfHelp!.GuideId);
        Assert.Equal(_connector.ServiceUrl, request.Requester.Conversation.ServiceUrl);
    }

    [Fact]
    public async Task Twenty_concurrent_submits_of_one_form_file_one_request()
    {
        await using var bot = StartBot();
        var customer = Customer(bot);
        await customer.JoinAsync();
        var form = await OpenServiceRequestFormAsync(customer);
        var submit = ReplyReading.Submit(HttpConversation.FormSubmit(form), ServiceRequestValues());

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => customer.SendAsync(submit)));

        var requests = await bot.Services.GetRequiredService<IRequestStore>().ListByRequesterAsync(Channels.WebChat, "dl_webchat-user");
        var id = Assert.Single(requests).Id;
        // Every message the connector received once (ConnectorCall.Activity deserializes anew, so no Concat/Distinct).
        var receipts = _connector.Messages.Where(m => m.Conversation?.Id == customer.Template.Conversation!.Id
            && m.Visible().Contains($"Request {id} received", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, receipts.Count);
        Assert.Equal(19, receipts.Count(r => r.Visible().Contains("You already sent this form", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_crash_between_filing_and_the_receipt_loses_nothing()
    {
        Activity submit;
        string id;
        await using (var before = StartBot())
        {
            var customer = Customer(before, "zh-CN");
            await customer.JoinAsync();
            var form = await OpenServiceRequestFormAsync(customer);
            submit = ReplyReading.Submit(HttpConversation.FormSubmit(form), ServiceRequestValues());
            // The channel fails while the receipt (and then the apology) go out: the request is already stored.
            _connector.FailNext(500, times: 2);
            await customer.SendAsync(submit);
            id = Assert.Single(await before.Services.GetRequiredService<IRequestStore>().ListByRequesterAsync(Channels.WebChat, "dl_webchat-user")).Id;
        }

        await using var after = StartBot();
        var again = Customer(after, "zh-CN");
        var receipt = HttpConversation.Only(await again.SendAsync(submit), $"已收到请求 {id}");

        Assert.Contains("您已提交过此表单", receipt.Visible());
        Assert.Single(await after.Services.GetRequiredService<IRequestStore>().ListByRequesterAsync(Channels.WebChat, "dl_webchat-user"));
    }
}
