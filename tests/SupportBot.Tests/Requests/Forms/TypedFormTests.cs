using System.Text.Json;
using SupportBot.Requests;
using SupportBot.Requests.Forms;

namespace SupportBot.Tests.Requests.Forms;

/// <summary>The validator's typed records, and the forms' kinds, names and what they file.</summary>
public sealed class TypedFormTests
{
    [Fact]
    public void Each_forms_name_is_its_kinds_wire_name()
    {
        Assert.Equal(WireNames.All<FormKind>(), RequestForms.All.Select(form => form.Name));
        Assert.Equal([RequestForms.ServiceRequestName, RequestForms.SubscriptionChangeName, RequestForms.PartnerCenterRequestName,
            RequestForms.EscalationName, RequestForms.RemediationPlanName, RequestForms.RemediationAnswerName], RequestForms.All.Select(form => form.Name));
    }

    [Fact]
    public void A_request_form_comes_back_as_what_it_files_with_its_title_and_severity()
    {
        var result = FormValidator.Validate(RequestForms.SubscriptionChange, JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["product"] = "Microsoft 365 E3", ["change"] = "addLicenses", ["quantity"] = "5", ["reason"] = "New hires",
            ["contactName"] = "王芳", ["email"] = "wang@contoso.cn", ["organisation"] = "Contoso", ["tenantDomain"] = "contoso.partner.onmschina.cn",
        }));
        var form = Assert.IsType<RequestForm>(result.Form);
        Assert.Equal(new FiledAs(RequestKind.SubscriptionChange, AgentQueue.PartnerHelpdesk), form.Files);
        Assert.Equal(Severity.Minimal, form.Severity);
        Assert.Equal("Add licenses: Microsoft 365 E3 × 5", form.Title(key => key == "form.subscriptionChange.change.addLicenses" ? "Add licenses" : key));
    }

    [Fact]
    public void The_remediation_forms_come_back_typed()
    {
        var plan = Assert.IsType<RemediationPlanForm>(FormValidator.Validate(RequestForms.RemediationPlan,
            JsonSerializer.SerializeToElement(new { steps = "Run the wizard", owner = "Partner", targetDate = "2026-12-01" })).Form);
        Assert.Equal(("Run the wizard", "Partner", new DateOnly(2026, 12, 1)), (plan.Steps, plan.Owner, plan.TargetDate));

        var answer = Assert.IsType<RemediationAnswerForm>(FormValidator.Validate(RequestForms.RemediationAnswer,
            JsonSerializer.SerializeToElement(new { answer = "discuss" })).Form);
        Assert.Equal((RemediationAnswer.Discuss, (string?)null), (answer.Answer, answer.Comment));
        Assert.False(FormValidator.Validate(RequestForms.RemediationAnswer, JsonSerializer.SerializeToElement(new { answer = "agreed" })).IsValid);
    }
}
