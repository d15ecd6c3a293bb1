using System.Text.Json.Nodes;
using SupportBot.Dialogs.Guides;
using SupportBot.Localization;

namespace SupportBot.Tests.Dialogs.Guides;

/// <summary>
/// A broken guide stops the load with a message that names the file and the problem. Each test copies the
/// shipped guides to a temporary directory and breaks one thing.
/// </summary>
public sealed class GuideCatalogLoadTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"supportbot-guides-{Guid.NewGuid():N}");

    public GuideCatalogLoadTests()
    {
        foreach (var language in Language.All)
        {
            Directory.CreateDirectory(Path.Combine(_directory, language));
            foreach (var file in Directory.GetFiles(Path.Combine(GuideCatalog.DefaultDirectory, language), "*.json"))
                File.Copy(file, Path.Combine(_directory, language, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_untouched_copy_loads()
    {
        var catalog = GuideCatalog.Load(_directory);
        Assert.Equal(11, catalog.GuideIds.Count);
    }

    [Fact]
    public void A_guide_missing_in_one_language_is_named()
    {
        File.Delete(Path.Combine(_directory, "ja", "billing.json"));
        AssertLoadFails("ja/billing.json is missing");
    }

    [Fact]
    public void Steps_in_another_order_than_english_are_rejected()
    {
        Edit("zh-Hans", "escalation-precheck", guide =>
        {
            var steps = guide["steps"]!.AsArray();
            var first = steps[0]!.DeepClone();
            steps.RemoveAt(0);
            steps.Add(first);
        });
        AssertLoadFails("zh-Hans/escalation-precheck.json", "same order as en");
    }

    [Fact]
    public void A_variant_with_other_step_ids_than_english_is_rejected()
    {
        Edit("ja", "subscription-change", guide => guide["variants"]!["customer"]!["steps"]![1]!["id"] = "check-now");
        AssertLoadFails("ja/subscription-change.json variants.customer", "same order as en");
    }

    [Fact]
    public void Roles_area_or_intent_differing_from_english_are_rejected()
    {
        Edit("ja", "partner-center-requests", guide => guide["roles"]!.AsArray().Add("customer"));
        Edit("zh-Hans", "billing", guide => guide["area"] = "invoices");
        Edit("zh-Hans", "performance", guide => guide["intent"] = "Connectivity");
        AssertLoadFails("ja/partner-center-requests.json: roles", "zh-Hans/billing.json: area", "zh-Hans/performance.json: intent");
    }

    [Fact]
    public void A_link_that_is_not_https_is_rejected()
    {
        Edit("en", "account-setup", guide => guide["steps"]![0]!["link"]!["url"] = "http://portal.partner.microsoftonline.cn/");
        AssertLoadFails("en/account-setup.json step 1 'sign-in': link.url", "absolute https URL");
    }

    [Fact]
    public void Empty_text_is_rejected()
    {
        Edit("ja", "connectivity", guide => guide["steps"]![2]!["text"] = "  ");
        AssertLoadFails("ja/connectivity.json step 3 'try-web': text must not be empty");
    }

    [Fact]
    public void An_unknown_intent_or_role_is_rejected()
    {
        Edit("en", "billing", guide => guide["intent"] = "Invoices");
        Edit("en", "admin-tasks", guide => guide["roles"]![0] = "Customer");
        AssertLoadFails("en/billing.json: intent 'Invoices' is not one of", "en/admin-tasks.json: unknown role 'Customer'");
    }

    [Fact]
    public void A_variant_for_a_role_the_guide_is_not_for_is_rejected()
    {
        Edit("en", "escalation-precheck", guide =>
            guide["variants"] = new JsonObject { ["customer"] = new JsonObject { ["summary"] = "Ask your partner." } });
        AssertLoadFails("en/escalation-precheck.json variants.customer: the role is not in the guide's roles");
    }

    [Fact]
    public void A_customer_cannot_change_outcome_needs_its_statement_and_offer()
    {
        Edit("zh-Hans", "subscription-change", guide => guide["variants"]!["customer"]!["outcome"]!.AsObject().Remove("offer"));
        AssertLoadFails("zh-Hans/subscription-change.json variants.customer: outcome.offer");
    }

    [Fact]
    public void A_not_solved_request_the_role_cannot_make_is_rejected()
    {
        Edit("en", "billing", guide => guide["notSolved"]!["customer"] = new JsonObject { ["request"] = "escalationPrecheck" });
        AssertLoadFails("en/billing.json notSolved.customer: request 'escalationPrecheck' must be one of");
    }

    [Fact]
    public void A_not_solved_category_that_is_not_a_Partner_Center_category_is_rejected()
    {
        Edit("en", "billing", guide => guide["notSolved"]!["partner"]!["category"] = "invoices");
        AssertLoadFails("en/billing.json notSolved.partner: category 'invoices'");
    }

    [Fact]
    public void Not_solved_differing_from_english_is_rejected()
    {
        Edit("ja", "billing", guide => guide["notSolved"]!["partner"]!["category"] = "technical");
        AssertLoadFails("ja/billing.json: notSolved differs from en");
    }

    [Fact]
    public void A_misspelt_property_is_rejected_rather_than_ignored()
    {
        Edit("ja", "service-health", guide =>
        {
            guide["step"] = guide["steps"]!.DeepClone();
            guide.Remove("steps");
        });
        AssertLoadFails("ja/service-health.json: not valid guide JSON");
    }

    [Fact]
    public void The_file_name_must_be_the_guide_id()
    {
        Edit("en", "performance", guide => guide["id"] = "speed");
        AssertLoadFails("en/performance.json: id 'speed' must equal the file name 'performance'");
    }

    [Fact]
    public void Two_guides_for_one_intent_are_rejected()
    {
        Edit("en", "connectivity", guide => guide["intent"] = "Performance");
        AssertLoadFails("intent Performance is answered by several guides");
    }

    private void Edit(string language, string guideId, Action<JsonObject> change)
    {
        var path = Path.Combine(_directory, language, $"{guideId}.json");
        var guide = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(guide);
        File.WriteAllText(path, guide.ToJsonString());
    }

    private void AssertLoadFails(params string[] expectedInMessage)
    {
        var exception = Assert.Throws<InvalidDataException>(() => GuideCatalog.Load(_directory));
        foreach (var expected in expectedInMessage) Assert.Contains(expected, exception.Message);
    }
}
