namespace SupportBot.Requests.Forms;

/// <summary>The forms of issue 4. Field ids are also the Adaptive Card input ids and the keys of the stored form.</summary>
public static class RequestForms
{
    // The forms' names as constants (card data, string keys); they are the kinds' wire names (a test holds them together).
    public const string ServiceRequestName = "serviceRequest";
    public const string SubscriptionChangeName = "subscriptionChange";
    public const string PartnerCenterRequestName = "partnerCenterRequest";
    public const string EscalationName = "escalation";
    public const string RemediationPlanName = "remediationPlan";
    public const string RemediationAnswerName = "remediationAnswer";

    /// <summary>Partner Center's severity values (minimal / moderate / critical), explained in words on the card.</summary>
    public static readonly string[] Severities = WireNames.All<Severity>();

    public static readonly string[] Languages = ["en", "zh-Hans", "ja"];

    /// <summary>The guide areas a customer's request can be about (the same codes as Content/guides).</summary>
    public static readonly string[] Areas =
    [
        "account-setup", "admin-tasks", "billing", "subscription-change", "service-health", "service-updates",
        "software-configuration", "connectivity", "performance", "other",
    ];

    public static readonly string[] SubscriptionChanges = ["addLicenses", "removeLicenses", "upgrade", "cancel", "renew"];

    public static readonly string[] PartnerCenterCategories = ["billing", "customerSubscriptionManagement", "technical"];

    public static readonly string[] Services =
    [
        "exchangeOnline", "sharePointOnline", "oneDrive", "teams", "microsoft365Apps", "powerBi", "entraId", "adminCenter", "other",
    ];

    /// <summary>Why the partner cannot resolve it: the seed's definition of escalation support.</summary>
    public static readonly string[] CannotResolveReasons = ["training", "documentation", "tools"];

    public static readonly string[] RemediationAnswers = WireNames.All<RemediationAnswer>();

    private static FieldDefinition Severity => new("severity", FieldKind.Choice) { Choices = Severities, ChoiceStringPrefix = "form.severity" };
    private static FieldDefinition ContactName => new("contactName", FieldKind.Text, MaxLength: 100);
    private static FieldDefinition Email => new("email", FieldKind.Email, MaxLength: 254);
    private static FieldDefinition Phone(bool required = true) => new("phone", FieldKind.Phone, Required: required, MaxLength: 40);
    private static FieldDefinition Organization(bool required) => new("organisation", FieldKind.Text, Required: required, MaxLength: 120);
    private static FieldDefinition TenantDomain(bool required) => new("tenantDomain", FieldKind.TenantDomain, Required: required, MaxLength: 253);
    private static FieldDefinition Title => new("title", FieldKind.Text, MaxLength: 120);
    private static FieldDefinition Description => new("description", FieldKind.MultilineText, MaxLength: 4000);

    public static FormDefinition ServiceRequest { get; } = new(FormKind.ServiceRequest,
    [
        Title,
        new("area", FieldKind.Choice) { Choices = Areas },
        Severity,
        Description,
        // What the helpdesk needs to act is above and the contact below; the customer's organization, tenant and
        // phone are optional: Teams gives the tenant (kept on the requester), and the request's updates reach the
        // person in this chat.
        ContactName,
        Email,
        Phone(required: false),
        Organization(required: false),
        TenantDomain(required: false),
        new("preferredLanguage", FieldKind.Choice) { Choices = Languages, ChoiceStringPrefix = "form.language" },
    ]) { Files = new(RequestKind.ServiceRequest, AgentQueue.PartnerHelpdesk) };

    public static FormDefinition SubscriptionChange { get; } = new(FormKind.SubscriptionChange,
    [
        new("product", FieldKind.Text, MaxLength: 120),
        new("change", FieldKind.Choice) { Choices = SubscriptionChanges },
        new("quantity", FieldKind.Number) { MinNumber = 1, MaxNumber = 100_000, RequiredWhen = ("change", ["addLicenses", "removeLicenses"]) },
        new("reason", FieldKind.MultilineText, MaxLength: 2000),
        // The partner must know whose subscription to change: the organization; the tenant domain is optional.
        ContactName,
        Email,
        Organization(required: true),
        TenantDomain(required: false),
    ])
    {
        Files = new(RequestKind.SubscriptionChange, AgentQueue.PartnerHelpdesk),
        Title = (values, text) => $"{text($"form.subscriptionChange.change.{values["change"]}")}: {values["product"]}"
            + (values.GetValueOrDefault("quantity") is { } quantity ? $" × {quantity}" : ""),
    };

    public static FormDefinition PartnerCenterRequest { get; } = new(FormKind.PartnerCenterRequest,
    [
        new("category", FieldKind.Choice) { Choices = PartnerCenterCategories },
        Title,
        Description,
        Severity,
        ContactName,
        Email,
        Phone(),
    ]) { Files = new(RequestKind.PartnerCenterRequest, AgentQueue.VianetDesk) };

    public static FormDefinition Escalation { get; } = new(FormKind.Escalation,
    [
        new("customerName", FieldKind.Text, MaxLength: 120),
        TenantDomain(required: true),
        new("service", FieldKind.Choice) { Choices = Services },
        Severity,
        new("businessImpact", FieldKind.MultilineText, MaxLength: 2000),
        Description,
        new("triedInAdminCenter", FieldKind.MultilineText, MaxLength: 4000),
        new("cannotResolveReasons", FieldKind.MultiChoice) { Choices = CannotResolveReasons, MinChoices = 1 },
        new("cannotResolveExplanation", FieldKind.MultilineText, MaxLength: 2000),
        ContactName,
        Email,
        Phone(),
    ])
    {
        Files = new(RequestKind.Escalation, AgentQueue.VianetDesk),
        Title = (values, text) => $"{values["customerName"]}: {text($"form.escalation.service.{values["service"]}")}",
    };

    public static FormDefinition RemediationPlan { get; } = new(FormKind.RemediationPlan,
    [
        new("steps", FieldKind.MultilineText, MaxLength: 4000),
        new("owner", FieldKind.Text, MaxLength: 100),
        new("targetDate", FieldKind.Date, MaxLength: 10),
    ]);

    public static FormDefinition RemediationAnswer { get; } = new(FormKind.RemediationAnswer,
    [
        new("answer", FieldKind.Choice) { Choices = RemediationAnswers },
        new("comment", FieldKind.MultilineText, Required: false, MaxLength: 2000),
    ]);

    public static IReadOnlyList<FormDefinition> All { get; } =
        [ServiceRequest, SubscriptionChange, PartnerCenterRequest, Escalation, RemediationPlan, RemediationAnswer];

    public static FormDefinition? Find(string? name) => All.FirstOrDefault(f => f.Name == name);
}
