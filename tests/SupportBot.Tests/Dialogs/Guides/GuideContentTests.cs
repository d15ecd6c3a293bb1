using SupportBot.Dialogs.Guides;
using SupportBot.Localization;

namespace SupportBot.Tests.Dialogs.Guides;

/// <summary>
/// The guides shipped in Content/guides: complete in every language, the same shape everywhere, and true to the
/// seed documents (../../shared/seeds) and DESIGN.md.
/// </summary>
public sealed class GuideContentTests
{
    private static readonly GuideCatalog Catalog = GuideCatalog.Load();

    public static TheoryData<string, string> GuideIntents => new()
    {
        { "account-setup", "AccountSetup" },
        { "admin-tasks", "AdminTasks" },
        { "billing", "Billing" },
        { "subscription-change", "SubscriptionChange" },
        { "service-health", "ServiceHealth" },
        { "service-updates", "ServiceUpdates" },
        { "software-configuration", "SoftwareConfiguration" },
        { "connectivity", "Connectivity" },
        { "performance", "Performance" },
        { "partner-center-requests", "PartnerCenterIssue" },
        { "escalation-precheck", "EscalateCustomerIssue" },
    };

    private static readonly string[] PartnerOnlyGuides = ["partner-center-requests", "escalation-precheck"];

    public static TheoryData<string> Languages => new(Language.All);

    [Theory]
    [MemberData(nameof(GuideIntents))]
    public void Every_guide_exists_in_every_language_and_answers_its_intent(string guideId, string intent)
    {
        foreach (var language in Language.All)
        {
            Assert.True(File.Exists(Path.Combine(GuideCatalog.DefaultDirectory, language, $"{guideId}.json")), $"{language}/{guideId}.json");
            var guide = Catalog.Get(guideId, language);
            Assert.Equal(language, guide.Language);
            Assert.Equal(intent, guide.Intent);
        }
        Assert.Equal(guideId, Catalog.ByIntent(intent));
    }

    [Fact]
    public void There_are_exactly_the_guides_the_dialogs_expect()
    {
        var expected = GuideIntents.Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Catalog.GuideIds.Order(StringComparer.Ordinal));
        foreach (var language in Language.All)
            Assert.Equal(Catalog.GuideIds.Count, Directory.GetFiles(Path.Combine(GuideCatalog.DefaultDirectory, language), "*.json").Length);
    }

    [Fact]
    public void Roles_area_intent_and_step_ids_are_the_same_in_every_language()
    {
        foreach (var guideId in Catalog.GuideIds)
        {
            var english = Catalog.Get(guideId, Language.English);
            foreach (var language in Language.All)
            {
                var guide = Catalog.Get(guideId, language);
                Assert.Equal(english.Intent, guide.Intent);
                Assert.Equal(english.Area, guide.Area);
                Assert.Equal(english.Roles, guide.Roles);
                foreach (var role in Enum.GetValues<GuideRole>())
                    Assert.Equal(
                        english.For(role).Steps.Select(step => step.Id),
                        guide.For(role).Steps.Select(step => step.Id));
            }
        }
    }

    [Fact]
    public void No_text_is_empty_and_every_link_is_https()
    {
        foreach (var guide in AllGuides())
        {
            Assert.False(string.IsNullOrWhiteSpace(guide.Title), $"{guide.Language}/{guide.Id}: title");
            foreach (var (role, content) in Views(guide))
            {
                var where = $"{guide.Language}/{guide.Id} as {role}";
                Assert.False(string.IsNullOrWhiteSpace(content.Summary), $"{where}: summary");
                Assert.NotEmpty(content.Steps);
                foreach (var step in content.Steps)
                {
                    Assert.False(string.IsNullOrWhiteSpace(step.Title), $"{where}: {step.Id} title");
                    Assert.False(string.IsNullOrWhiteSpace(step.Text), $"{where}: {step.Id} text");
                    if (step.Link is { } link)
                    {
                        Assert.Equal(Uri.UriSchemeHttps, link.Url.Scheme);
                        Assert.False(string.IsNullOrWhiteSpace(link.Title), $"{where}: {step.Id} link title");
                    }
                }
                Assert.All(content.Notes, note => Assert.False(string.IsNullOrWhiteSpace(note), $"{where}: note"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Partner_only_guides_are_never_offered_to_customers(string language)
    {
        var forCustomers = Catalog.ForRole(GuideRole.Customer, language).Select(guide => guide.Id).ToList();
        Assert.Equal(9, forCustomers.Count);
        Assert.DoesNotContain(forCustomers, PartnerOnlyGuides.Contains);
        foreach (var guideId in PartnerOnlyGuides)
        {
            Assert.False(Catalog.Get(guideId, language).IsFor(GuideRole.Customer));
            Assert.Equal(new[] { GuideRole.Partner, GuideRole.Agent }, Catalog.Get(guideId, language).Roles.Order());
        }
        Assert.Equal(11, Catalog.ForRole(GuideRole.Partner, language).Count);
        Assert.Equal(11, Catalog.ForRole(GuideRole.Agent, language).Count);
    }

    // The request forms offer these areas for a customer's request (Requests/Forms/RequestForms.Areas, plus "other").
    [Fact]
    public void Customer_guide_areas_are_the_request_form_areas()
    {
        string[] formAreas =
        [
            "account-setup", "admin-tasks", "billing", "subscription-change", "service-health", "service-updates",
            "software-configuration", "connectivity", "performance",
        ];
        Assert.Equal(formAreas, Catalog.ForRole(GuideRole.Customer, Language.English).Select(guide => guide.Area));
    }

    [Fact]
    public void Guides_are_offered_in_the_design_intent_order()
    {
        var intents = Catalog.ForRole(GuideRole.Partner, Language.English).Select(guide => guide.Intent);
        Assert.Equal(GuideCatalog.GuideIntents, intents);
    }

    // Seed 001 "Getting customer support": Dashboard → Support requests > Partner Center requests → New request → form → Submit.
    [Theory]
    [InlineData(Language.English, "Support requests > Partner Center requests", "New request", "21Vianet support request form", "Submit", "21Vianet support representative")]
    [InlineData(Language.ChineseSimplified, "“支持请求”>“合作伙伴中心请求”", "“新建请求”", "世纪互联的支持请求表单", "“提交”", "世纪互联的支持代表")]
    [InlineData(Language.Japanese, "[サポート要求] > [パートナー センター要求]", "[新しい要求]", "21Vianet のサポート要求フォーム", "[送信]", "21Vianet のサポート担当者")]
    public void Partner_center_requests_follow_the_seed_path(string language, params string[] inOrder)
    {
        var guide = Catalog.Get("partner-center-requests", language);
        Assert.Equal(new[] { "open-partner-center-requests", "new-request", "fill-form", "submit" }, guide.Content.Steps.Select(step => step.Id));
        AssertInOrder(string.Join("\n", guide.Content.Steps.Select(step => step.Text)), inOrder);
    }

    // Seed 001 "Escalate a customer issue to 21Vianet", steps 1-4, in that order.
    [Theory]
    [InlineData(Language.English, "Support requests > Customer requests", "Search for the customer", "select its name", "New request",
        "Select the service", "Microsoft 365 admin center operated by 21Vianet opens", "solve the problem yourself or tell the customer how",
        "still needs help", "Submit service request", "Submit", "21Vianet support representative")]
    [InlineData(Language.ChineseSimplified, "“支持请求”>“客户请求”", "搜索", "选择客户名称", "“新建请求”",
        "选择客户需要帮助的服务", "由世纪互联运营的 Microsoft 365 管理中心", "自行解决问题，或指导客户",
        "仍需要帮助", "“提交服务请求”", "“提交”", "世纪互联的支持代表")]
    [InlineData(Language.Japanese, "[サポート要求] > [顧客の要求]", "検索", "顧客名を選択", "[新しい要求]",
        "サービスを選択", "21Vianet が運営する Microsoft 365 管理センターが開きます", "ご自身で解決するか、顧客に解決方法を案内",
        "まだ支援を必要としている", "[サービス要求の送信]", "[送信]", "21Vianet のサポート担当者")]
    public void Escalation_precheck_follows_the_seed_order(string language, params string[] inOrder)
    {
        var guide = Catalog.Get("escalation-precheck", language);
        Assert.Equal(
            new[] { "open-customer-requests", "find-customer", "select-customer", "choose-service", "try-fix", "submit-service-request" },
            guide.Content.Steps.Select(step => step.Id));
        AssertInOrder(string.Join("\n", guide.Content.Steps.Select(step => step.Text)), inOrder);
    }

    // Seed 000/001: escalation support = what the partner lacks training, documentation or tools for; remediation plan.
    [Theory]
    [InlineData(Language.English, "training, documentation or support tools", "remediation plan")]
    [InlineData(Language.ChineseSimplified, "培训、文档和/或支持工具", "修正计划")]
    [InlineData(Language.Japanese, "トレーニング、ドキュメント、サポート ツール", "修復プラン")]
    public void Escalation_precheck_states_what_escalation_support_is(string language, string definition, string remediationPlan)
    {
        var notes = string.Join("\n", Catalog.Get("escalation-precheck", language).Content.Notes);
        Assert.Contains(definition, notes);
        Assert.Contains(remediationPlan, notes);
    }

    // Seed 000: customers cannot change their own subscriptions; only the partner can, in Partner Center operated by 21Vianet.
    [Theory]
    [InlineData(Language.English, "Only your partner can change your subscriptions", "Partner Center operated by 21Vianet")]
    [InlineData(Language.ChineseSimplified, "只有您的合作伙伴才能更改您的订阅", "由世纪互联运营的合作伙伴中心")]
    [InlineData(Language.Japanese, "サブスクリプションを変更できるのは、お客様のパートナーだけです", "21Vianet が運営するパートナー センター")]
    public void Subscription_change_tells_customers_only_their_partner_can_change_it(string language, string onlyPartner, string partnerCenter)
    {
        var guide = Catalog.Get("subscription-change", language);

        var customer = guide.For(GuideRole.Customer);
        Assert.True(customer.Outcome?.CustomerCannotChange);
        Assert.Contains(onlyPartner, customer.Outcome!.Statement);
        Assert.Contains(partnerCenter, customer.Outcome.Statement);
        Assert.False(string.IsNullOrWhiteSpace(customer.Outcome.Offer));
        Assert.Contains(partnerCenter, customer.Steps[0].Text);

        // The partner reads the Partner Center steps instead, and is not told it cannot change anything.
        var partner = guide.For(GuideRole.Partner);
        Assert.False(partner.Outcome?.CustomerCannotChange ?? false);
        Assert.Equal("open-customer", partner.Steps[0].Id);
        Assert.Contains(partnerCenter, partner.Steps[0].Text);
    }

    // Seed 000: service health and in-product communications are read in the Message Center.
    [Theory]
    [InlineData(Language.English, "Message center")]
    [InlineData(Language.ChineseSimplified, "消息中心")]
    [InlineData(Language.Japanese, "メッセージ センター")]
    public void Service_health_points_to_the_message_center(string language, string messageCenter)
    {
        var guide = Catalog.Get("service-health", language);
        foreach (var role in Enum.GetValues<GuideRole>())
            Assert.Contains(guide.For(role).Steps, step => step.Text.Contains(messageCenter, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(messageCenter, guide.For(GuideRole.Customer).Summary, StringComparison.OrdinalIgnoreCase);
    }

    // DESIGN.md: the partner is the customer's point of contact; self-help ends by pointing to the partner's helpdesk.
    [Theory]
    [InlineData(Language.English, "your partner")]
    [InlineData(Language.ChineseSimplified, "合作伙伴")]
    [InlineData(Language.Japanese, "パートナー")]
    public void Customer_guides_end_by_pointing_to_the_partner(string language, string partner)
    {
        foreach (var guide in Catalog.ForRole(GuideRole.Customer, language))
        {
            var last = guide.For(GuideRole.Customer).Steps[^1];
            Assert.True(last.Text.Contains(partner, StringComparison.OrdinalIgnoreCase), $"{language}/{guide.Id}: last step '{last.Id}' does not send the customer to the partner.");
        }
    }

    // Product names as Microsoft translates them: no English product names or "21Vianet" left in the Chinese text.
    [Fact]
    public void Chinese_and_japanese_use_the_localized_product_names()
    {
        foreach (var guide in AllGuides().Where(guide => guide.Language != Language.English))
        {
            foreach (var text in AllText(guide))
            {
                Assert.DoesNotContain("Partner Center", text);
                Assert.DoesNotContain("admin center", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Message center", text, StringComparison.OrdinalIgnoreCase);
                if (guide.Language == Language.ChineseSimplified) Assert.DoesNotContain("21Vianet", text);
                if (guide.Language == Language.Japanese) Assert.DoesNotContain("世纪互联", text);
            }
        }
    }

    [Fact]
    public void Steps_are_found_by_id_for_a_role()
    {
        var step = Catalog.GetStep("subscription-change", Language.Japanese, GuideRole.Customer, "ask-partner");
        Assert.Equal("ask-partner", step.Id);
        Assert.Contains("パートナー", step.Text);
        Assert.Null(Catalog.Get("subscription-change", Language.Japanese).For(GuideRole.Partner).FindStep("ask-partner"));
        Assert.Throws<KeyNotFoundException>(() => Catalog.GetStep("subscription-change", Language.English, GuideRole.Partner, "ask-partner"));
        Assert.Throws<KeyNotFoundException>(() => Catalog.Get("no-such-guide", Language.English));
    }

    [Fact]
    public void An_unsupported_language_reads_english_and_an_unknown_intent_has_no_guide()
    {
        Assert.Equal(Language.English, Catalog.Get("billing", "fr").Language);
        Assert.Null(Catalog.ByIntent("Greeting"));
        Assert.Null(Catalog.ByIntent("NoSuchIntent"));
    }

    private static IEnumerable<Guide> AllGuides() =>
        Language.All.SelectMany(language => Catalog.GuideIds.Select(id => Catalog.Get(id, language)));

    private static IEnumerable<(GuideRole Role, GuideContent Content)> Views(Guide guide) =>
        guide.Roles.Select(role => (role, guide.For(role)));

    private static IEnumerable<string> AllText(Guide guide) =>
        new[] { guide.Title }.Concat(Views(guide).SelectMany(view =>
            new[] { view.Content.Summary, view.Content.Outcome?.Statement, view.Content.Outcome?.Offer }
                .Concat(view.Content.Notes)
                .Concat(view.Content.Steps.SelectMany(step => new[] { step.Title, step.Text, step.Link?.Title })))
            .OfType<string>());

    private static void AssertInOrder(string text, IEnumerable<string> parts)
    {
        var position = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, position, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{part}' is missing after position {position} in:\n{text}");
            position = found + part.Length;
        }
    }
}
