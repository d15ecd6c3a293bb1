namespace SupportBot.Tests.TestKit;

/// <summary>Valid form values a test can submit (and spoil one field of).</summary>
public static class SampleForms
{
    public static Dictionary<string, string> ServiceRequest() => new()
    {
        ["title"] = "Cannot open invoices",
        ["area"] = "billing",
        ["severity"] = "moderate",
        ["description"] = "The invoice PDF does not open since Monday.",
        ["contactName"] = "Li Wei",
        ["email"] = "li.wei@contoso.cn",
        ["phone"] = "+86 138 0013 8000",
        ["organisation"] = "Contoso",
        ["tenantDomain"] = "contoso.partner.onmschina.cn",
        ["preferredLanguage"] = "en",
    };
}
