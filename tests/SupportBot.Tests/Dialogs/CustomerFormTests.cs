using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Requests.Forms;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>
/// Issue 16 item 6: a customer is asked only what the helpdesk needs to act; the channel gives the rest where it can
/// (Teams: name, e-mail, tenant) and the organization, tenant domain and phone are optional.
/// </summary>
public sealed class CustomerFormTests
{
    private const string CustomerTenant = "customer-tenant-0042";

    private static async Task<List<Activity>> Say(SupportBotHarness bot, Activity activity)
    {
        await bot.Adapter.ProcessAsync(activity);
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        return replies;
    }

    /// <summary>A customer's way to the service-request form: the Partner Center topic is the partner's, so the bot offers the form.</summary>
    private static async Task<Activity> OpenServiceRequestForm(SupportBotHarness bot) =>
        (await Say(bot, ReplyReading.Submit(JsonSerializer.SerializeToElement(new { topic = "intent", value = "PartnerCenterIssue" }))))
            .Single(r => r.CardJson().Contains("submissionId", StringComparison.Ordinal));

    private static JsonElement Input(Activity form, string id)
    {
        static IEnumerable<JsonElement> All(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().SelectMany(p => All(p.Value)).Prepend(element),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(All),
            _ => [],
        };
        return All(JsonDocument.Parse(form.CardJson()).RootElement).First(e => e.ValueKind == JsonValueKind.Object
            && e.TryGetProperty("type", out var type) && type.GetString()!.StartsWith("Input.", StringComparison.Ordinal)
            && e.TryGetProperty("id", out var inputId) && inputId.GetString() == id);
    }

    private static bool MarkedRequired(Activity form, string id) => Input(form, id).GetProperty("label").GetString()!.EndsWith(" *", StringComparison.Ordinal);

    [Fact]
    public async Task A_web_chat_customer_files_a_service_request_without_phone_organization_or_tenant_domain()
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer();
        var form = await OpenServiceRequestForm(bot);

        foreach (var optional in new[] { "phone", "organisation", "tenantDomain" }) Assert.False(MarkedRequired(form, optional), optional);
        foreach (var needed in new[] { "title", "area", "severity", "description", "contactName", "email" }) Assert.True(MarkedRequired(form, needed), needed);

        var values = SampleForms.ServiceRequest();
        values.Remove("phone");
        values.Remove("organisation");
        values.Remove("tenantDomain");
        var receipt = await Say(bot, ReplyReading.Submit(form.FormSubmit(), values));

        Assert.Contains(receipt, r => r.Visible().Contains("received", StringComparison.Ordinal));
        var request = Assert.Single(await bot.Services.GetRequiredService<IRequestStore>().ListByRequesterAsync(Channels.WebChat, "dl_customer-1"));
        Assert.False(request.Form.ContainsKey("phone"));
    }

    [Fact]
    public async Task A_Teams_customer_finds_name_and_email_filled_in_from_Teams_and_the_tenant_kept_on_the_request()
    {
        await using var bot = SupportBotHarness.Start().AsTeams("en-US", "29:customer-7", CustomerTenant, "Zhang Min");
        bot.Adapter.Template.From!.Properties = new() { ["email"] = JsonSerializer.SerializeToElement("zhang.min@fabrikam.cn") };
        var form = await OpenServiceRequestForm(bot);

        Assert.Equal("Zhang Min", Input(form, "contactName").GetProperty("value").GetString());
        Assert.Equal("zhang.min@fabrikam.cn", Input(form, "email").GetProperty("value").GetString());

        var values = SampleForms.ServiceRequest();
        foreach (var fromTeams in new[] { "contactName", "email", "phone", "organisation", "tenantDomain" }) values.Remove(fromTeams);
        values["contactName"] = "Zhang Min";
        values["email"] = "zhang.min@fabrikam.cn";
        await Say(bot, ReplyReading.Submit(form.FormSubmit(), values));

        var request = Assert.Single(await bot.Services.GetRequiredService<IRequestStore>().ListByRequesterAsync(Channels.MsTeams, "29:customer-7"));
        Assert.Equal((CustomerTenant, "zhang.min@fabrikam.cn"), (request.Requester.TenantId, request.Form["email"]));
    }

    [Fact]
    public async Task Without_an_email_from_the_channel_the_field_is_left_for_the_person()
    {
        await using var bot = SupportBotHarness.Start().AsTeams("en-US", "29:customer-8", CustomerTenant, "Zhang Min");
        var form = await OpenServiceRequestForm(bot);
        Assert.False(Input(form, "email").TryGetProperty("value", out _));
    }

    [Fact]
    public void A_subscription_change_still_needs_the_organization_whose_subscription_it_is()
    {
        var submit = JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["form"] = RequestForms.SubscriptionChangeName, ["submissionId"] = "s1", ["product"] = "Office 365 E3", ["change"] = "addLicenses",
            ["quantity"] = "5", ["reason"] = "New hires", ["contactName"] = "Li Wei", ["email"] = "li.wei@contoso.cn",
        });

        var result = FormValidator.Validate(RequestForms.SubscriptionChange, submit);

        Assert.Equal([("organisation", "form.error.required")], result.Errors.Select(e => (e.FieldId, e.ErrorKey)));
    }
}
