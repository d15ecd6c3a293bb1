using System.Text.Json;
using SupportBot.Requests.Forms;

namespace SupportBot.Tests.Requests.Forms;

public sealed class FormValidatorTests
{
    private static JsonElement Submit(object value) => JsonSerializer.SerializeToElement(value);

    private static Dictionary<string, string> ValidServiceRequest() => new()
    {
        ["form"] = RequestForms.ServiceRequestName,
        ["submissionId"] = "abc",
        ["title"] = "  Outlook cannot connect  ",
        ["area"] = "connectivity",
        ["severity"] = "moderate",
        ["description"] = "Since this morning nobody can send mail.",
        ["contactName"] = "王芳",
        ["email"] = "Wang.Fang@Contoso.partner.onmschina.cn",
        ["phone"] = "+86 138 0013 8000",
        ["organisation"] = "Contoso 中国",
        ["tenantDomain"] = "Contoso.partner.onmschina.cn",
        ["preferredLanguage"] = "zh-Hans",
    };

    [Fact]
    public void A_valid_submit_is_trimmed_and_normalised()
    {
        var result = FormValidator.Validate(RequestForms.ServiceRequest, Submit(ValidServiceRequest()));

        Assert.True(result.IsValid, string.Join(", ", result.Errors));
        Assert.Equal("Outlook cannot connect", result.Form!.Values["title"]);
        Assert.Equal("wang.fang@contoso.partner.onmschina.cn", result.Form.Values["email"]);
        Assert.Equal("contoso.partner.onmschina.cn", result.Form.Values["tenantDomain"]);
        Assert.False(result.Form.Values.ContainsKey("submissionId"));
    }

    [Theory]
    [InlineData("title", "", "form.error.required")]
    [InlineData("title", "   ", "form.error.required")]
    [InlineData("area", "gardening", "form.error.choice")]
    [InlineData("severity", "urgent", "form.error.choice")]
    [InlineData("email", "not-an-email", "form.error.email")]
    [InlineData("email", "a@b", "form.error.email")]
    [InlineData("phone", "call me", "form.error.phone")]
    [InlineData("phone", "123", "form.error.phone")]
    [InlineData("tenantDomain", "contoso", "form.error.tenantDomain")]
    [InlineData("tenantDomain", "-bad-.cn", "form.error.tenantDomain")]
    [InlineData("tenantDomain", "contoso.partner.onmschina.123", "form.error.tenantDomain")]
    [InlineData("preferredLanguage", "fr", "form.error.choice")]
    public void Each_invalid_field_is_marked(string field, string value, string error)
    {
        var values = ValidServiceRequest();
        values[field] = value;

        var result = FormValidator.Validate(RequestForms.ServiceRequest, Submit(values));

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Errors);
        Assert.Equal(field, problem.FieldId);
        Assert.Equal(error, problem.ErrorKey);
        Assert.Equal("王芳", result.Values["contactName"]);
    }

    [Fact]
    public void A_missing_field_is_required_and_the_other_values_are_kept()
    {
        var values = ValidServiceRequest();
        values.Remove("description");

        var result = FormValidator.Validate(RequestForms.ServiceRequest, Submit(values));

        Assert.Equal("description", Assert.Single(result.Errors).FieldId);
        Assert.Equal("Outlook cannot connect", result.Values["title"]);
    }

    [Fact]
    public void Too_long_text_is_marked_with_the_limit()
    {
        var values = ValidServiceRequest();
        values["title"] = new string('a', 121);

        var error = Assert.Single(FormValidator.Validate(RequestForms.ServiceRequest, Submit(values)).Errors);

        Assert.Equal(("title", "form.error.tooLong", "120"), (error.FieldId, error.ErrorKey, error.Arguments[0]));
    }

    [Fact]
    public void Unexpected_fields_are_refused_by_name()
    {
        var values = ValidServiceRequest();
        values["isAdmin"] = "true";

        var result = FormValidator.Validate(RequestForms.ServiceRequest, Submit(values));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("form.error.unexpectedField", "isAdmin"), (error.ErrorKey, error.Arguments[0]));
    }

    [Fact]
    public void Oversized_values_are_refused()
    {
        var values = ValidServiceRequest();
        values["description"] = new string('x', FormValidator.OversizeLimit + 1);

        var result = FormValidator.Validate(RequestForms.ServiceRequest, Submit(values));

        Assert.Equal("form.error.oversized", Assert.Single(result.Errors).ErrorKey);
        Assert.False(result.Values.ContainsKey("description"));
    }

    [Fact]
    public void Nested_objects_and_non_object_submits_are_malformed()
    {
        Assert.Equal("form.error.malformed", Assert.Single(FormValidator.Validate(RequestForms.ServiceRequest, Submit("text")).Errors).ErrorKey);
        var values = ValidServiceRequest().ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        values["title"] = new { nested = true };
        Assert.Equal("form.error.malformed", Assert.Single(FormValidator.Validate(RequestForms.ServiceRequest, Submit(values)).Errors).ErrorKey);
    }

    [Theory]
    [InlineData("addLicenses", "", false)]
    [InlineData("addLicenses", "0", false)]
    [InlineData("addLicenses", "25", true)]
    [InlineData("removeLicenses", "abc", false)]
    [InlineData("cancel", "", true)]
    public void Quantity_is_required_only_when_licenses_change(string change, string quantity, bool valid)
    {
        var submit = Submit(new Dictionary<string, string>
        {
            ["product"] = "Office 365 E3", ["change"] = change, ["quantity"] = quantity, ["reason"] = "New hires",
            ["contactName"] = "Sato", ["email"] = "sato@fabrikam.cn", ["organisation"] = "Fabrikam", ["tenantDomain"] = "fabrikam.partner.onmschina.cn",
        });

        Assert.Equal(valid, FormValidator.Validate(RequestForms.SubscriptionChange, submit).IsValid);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("training", true)]
    [InlineData("training,tools", true)]
    [InlineData("training,money", false)]
    public void An_escalation_needs_at_least_one_reason_the_partner_cannot_resolve_it(string reasons, bool valid)
    {
        var submit = Submit(new Dictionary<string, string>
        {
            ["customerName"] = "Contoso", ["tenantDomain"] = "contoso.partner.onmschina.cn", ["service"] = "exchangeOnline",
            ["severity"] = "critical", ["businessImpact"] = "No mail for 500 users", ["description"] = "Mail flow stopped",
            ["triedInAdminCenter"] = "Checked message trace and connectors", ["cannotResolveReasons"] = reasons,
            ["cannotResolveExplanation"] = "The connector logs are not visible to us", ["contactName"] = "Tanaka",
            ["email"] = "tanaka@partner.example", ["phone"] = "03-1234-5678",
        });

        var result = FormValidator.Validate(RequestForms.Escalation, submit);

        Assert.Equal(valid, result.IsValid);
        if (!valid) Assert.Equal("cannotResolveReasons", Assert.Single(result.Errors).FieldId);
    }

    [Theory]
    [InlineData("2026-12-31", true)]
    [InlineData("31/12/2026", false)]
    [InlineData("2026-02-30", false)]
    public void Dates_are_iso_dates(string date, bool valid)
    {
        var submit = Submit(new Dictionary<string, string> { ["steps"] = "Train the helpdesk", ["owner"] = "Partner", ["targetDate"] = date });

        Assert.Equal(valid, FormValidator.Validate(RequestForms.RemediationPlan, submit).IsValid);
    }
}

public sealed class FormStringsTests
{
    [Fact]
    public void Every_form_field_and_choice_has_a_label_in_every_language()
    {
        var strings = SupportBot.Localization.StringCatalog.Load();
        foreach (var language in SupportBot.Localization.Language.All)
        {
            var keys = strings.Keys(language).ToHashSet();
            foreach (var form in RequestForms.All)
            {
                Assert.Contains($"form.{form.Name}.title", keys);
                foreach (var field in form.Fields)
                {
                    Assert.Contains($"form.{form.Name}.{field.Id}.label", keys);
                    foreach (var choice in field.Choices)
                        Assert.Contains($"{field.ChoiceStringPrefix ?? $"form.{form.Name}.{field.Id}"}.{choice}", keys);
                }
            }
        }
    }
}
